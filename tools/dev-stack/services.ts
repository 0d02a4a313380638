import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

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
  stdio: "inherit" | "ignore" | number = "inherit",
  nodeArgs: string[] = [],
): ChildProcess {
  const args = [...serviceNodeArgs[service], ...nodeArgs, join(root, "services", service, "src", "main.ts")];
  return spawn(process.execPath, args, {
    env,
    stdio: ["ignore", stdio, stdio],
    detached: true,
  });
}

/**
 * Where a background service's log goes: discarded, or appended to `<GAZETTE_SERVICE_LOG_DIR>/<label>.<port>.log`
 * when that is set (the drills' and the cluster's services, to see after a run what each one did).
 */
function serviceOutput(env: NodeJS.ProcessEnv, label: string, port: number): "ignore" | number {
  const dir = env["GAZETTE_SERVICE_LOG_DIR"];
  if (dir === undefined || dir === "") return "ignore";
  mkdirSync(dir, { recursive: true });
  return openSync(join(dir, `${label.replaceAll(/[^A-Za-z0-9-]+/g, "-")}.${port}.log`), "a");
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

/** Resolves once the service is ready; rejects if its process exits first (a bad config, a port taken). */
export async function waitReadyOrExit(base: string, child: ChildProcess, service: string): Promise<void> {
  const exited = once(child, "exit").then(([code, signal]) => {
    throw new Error(`${service} exited (${signal ?? code}) before it was ready`);
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
 * Starts a service on `port` (output discarded, or kept in GAZETTE_SERVICE_LOG_DIR) and resolves once
 * it is ready; rejects if it exits first.
 */
export async function startServiceOnPort(
  service: ServiceName,
  env: NodeJS.ProcessEnv,
  port: number,
  label: string = service,
): Promise<{ url: string; child: ChildProcess }> {
  const output = serviceOutput(env, label, port);
  const child = spawnService(service, { ...env, [portVariableOf[service]]: String(port) }, output);
  if (typeof output === "number") closeSync(output); // the child has its own copy
  const url = `http://127.0.0.1:${port}`;
  await waitReadyOrExit(url, child, label);
  return { url, child };
}
