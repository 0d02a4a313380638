import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { stopChild } from "../tools/dev-stack/services.ts";
import type { BenchStack } from "./stack.ts";

export interface ReferenceServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface BenchContext {
  stack: BenchStack;
  /** `--quick`: short runs, for a smoke test; figures are not meaningful. */
  quick: boolean;
  rounds: number;
  /** Seconds of load per measurement. */
  seconds: number;
  connections: number;
  /** `--profile <dir>`: where services (and R2's indexers) write CPU profiles. */
  profileDir?: string;
  log(message: string): void;
  /** Starts a reference server from bench/reference/ as a process of its own (as ours are). */
  reference(script: string, args: string[]): Promise<ReferenceServer>;
}

/** Processes the bench started in sessions of their own (reference servers, load generators): an interrupted bench stops them. */
export const benchChildren = new Set<ChildProcess>();

/**
 * Runs a script of bench/ on this Node as a process of its own, in its own session (`detached`), as
 * the stack runs our services. That matters: with the kernel's scheduler autogroups (on by default on
 * desktop and many server kernels), each session shares the CPU fairly with the others, so a process
 * left in the bench's session would compete with whatever else runs there for one share.
 */
export function spawnInOwnSession(script: string, args: string[]): ChildProcess {
  return spawnProgramInOwnSession(process.execPath, [join(import.meta.dirname, script), ...args]);
}

/** Any program (wrk, nginx) the same way: its own session, stopped with the bench if interrupted. */
export function spawnProgramInOwnSession(
  program: string,
  args: string[],
  stdout: "pipe" | "ignore" = "pipe",
): ChildProcess {
  const child = spawn(program, args, { stdio: ["ignore", stdout, "inherit"], detached: true });
  benchChildren.add(child);
  child.once("exit", () => benchChildren.delete(child));
  return child;
}

/** Starts a reference server from bench/reference/ (see spawnInOwnSession); it prints `ready` on stdout once it listens. */
export async function startReference(script: string, args: string[]): Promise<ReferenceServer> {
  const port = await freePort();
  const child = spawnInOwnSession(join("reference", script), [String(port), ...args]);
  const lines = createInterface({ input: child.stdout! });
  const ready = (async () => {
    for await (const line of lines) if (line.trim() === "ready") return true;
    return false;
  })();
  const started = await Promise.race([ready, once(child, "exit").then(() => false)]);
  if (!started) throw new Error(`reference server ${script} did not start`);
  child.stdout!.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () => stopChild(child),
  };
}
