import { fork } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
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

export async function startReference(script: string, args: string[]): Promise<ReferenceServer> {
  const port = await freePort();
  const child = fork(join(import.meta.dirname, "reference", script), [String(port), ...args], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const [message] = (await Promise.race([once(child, "message"), once(child, "exit").then(() => [undefined])])) as [unknown];
  if (message !== "ready") throw new Error(`reference server ${script} did not start`);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
