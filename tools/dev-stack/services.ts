import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, fstatSync, mkdirSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { LastLines } from "../process-output/last-lines.ts";

export const serviceNames = ["indexer", "ingest", "feeds"] as const;
export type ServiceName = (typeof serviceNames)[number];

const root = join(import.meta.dirname, "..", "..");

/**
 * V8 settings each service runs with (the compose file sets the same through NODE_OPTIONS). Ingest: a
 * young generation of at most 8 MB a semi-space (V8 grows it to 32 here), which keeps its resident memory
 * with 5,000 upstreams polled at 370 MB instead of 610 MB, for no measurable loss of push throughput (ADR 0019).
 */
export const serviceNodeArgs: Record<ServiceName, readonly string[]> = {
  ingest: ["--max-semi-space-size=8"],
  indexer: [],
  feeds: [],
};

/** Starts a service's main.ts as a child process (its own process group) on the Node running this. */
export function spawnService(
  service: ServiceName,
  env: NodeJS.ProcessEnv,
  stdio: "inherit" | "ignore" | "pipe" | number = "inherit",
  nodeArgs: string[] = [],
): ChildProcess {
  const args = [...serviceNodeArgs[service], ...nodeArgs, join(root, "services", service, "src", "main.ts")];
  return spawn(process.execPath, args, {
    env,
    stdio: ["ignore", stdio, stdio],
    detached: true,
  });
}

/** How many of a background service's last lines an error shows when it exits before it is ready. */
const linesShown = 20;

/**
 * Where a background service's log goes: appended to `<GAZETTE_SERVICE_LOG_DIR>/<label>.<port>.log`
 * when that is set (the drills' and the cluster's services, to see after a run what each one did), or
 * else read and dropped but for its last lines. Either way its last lines can be told.
 */
function serviceOutput(
  env: NodeJS.ProcessEnv,
  label: string,
  port: number,
): { stdio: "pipe" | number; follow(child: ChildProcess): void; lastLines(): string[] } {
  const dir = env["GAZETTE_SERVICE_LOG_DIR"];
  if (dir === undefined || dir === "") {
    const tail = new LastLines(linesShown);
    const keep = (chunk: Buffer) => void tail.add(chunk);
    return {
      stdio: "pipe",
      follow(child) {
        child.stdout?.on("data", keep);
        child.stderr?.on("data", keep);
      },
      lastLines: () => tail.lines(),
    };
  }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${label.replaceAll(/[^A-Za-z0-9-]+/g, "-")}.${port}.log`);
  return { stdio: openSync(path, "a"), follow() {}, lastLines: () => lastLinesOfFile(path, linesShown) };
}

/** The last `count` lines of a file, read from its last 64 KB. */
function lastLinesOfFile(path: string, count: number): string[] {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 65_536);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer
      .toString("utf8")
      .split("\n")
      .filter((line) => line !== "")
      .slice(-count);
  } finally {
    closeSync(fd);
  }
}

/** Resolves once `GET <base>/readyz` answers 2xx. */
export async function waitReady(base: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
}

/** Sends SIGTERM and waits for the exit (nothing if it already exited). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

/**
 * Resolves once the service is ready; rejects if its process exits first (a bad config, a port taken),
 * with its last lines of output when `lastLines` can tell them.
 */
export async function waitReadyOrExit(
  base: string,
  child: ChildProcess,
  service: string,
  lastLines: () => string[] = () => [],
): Promise<void> {
  const exited = once(child, "exit").then(([code, signal]) => {
    const lines = lastLines().map((line) => (line.length > 1000 ? `${line.slice(0, 1000)}…` : line));
    const said = lines.length === 0 ? "" : `; its last output:\n${lines.join("\n")}`;
    throw new Error(`${service} exited (${signal ?? code}) before it was ready${said}`);
  });
  await Promise.race([waitReady(base), exited]);
}

/** The variable each service reads its port from. */
export const portVariableOf: Record<ServiceName, string> = {
  ingest: "INGEST_PORT",
  indexer: "INDEXER_PORT",
  feeds: "FEEDS_PORT",
};

/**
 * Starts a service on `port` (output dropped but for its last lines, or kept in GAZETTE_SERVICE_LOG_DIR)
 * and resolves once it is ready; rejects if it exits first, saying its last lines.
 */
export async function startServiceOnPort(
  service: ServiceName,
  env: NodeJS.ProcessEnv,
  port: number,
  label: string = service,
): Promise<{ url: string; child: ChildProcess }> {
  const output = serviceOutput(env, label, port);
  const child = spawnService(service, { ...env, [portVariableOf[service]]: String(port) }, output.stdio);
  if (typeof output.stdio === "number") closeSync(output.stdio); // the child has its own copy
  output.follow(child);
  const url = `http://127.0.0.1:${port}`;
  await waitReadyOrExit(url, child, label, output.lastLines);
  return { url, child };
}
