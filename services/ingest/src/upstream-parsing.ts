/**
 * Parses an upstream body in a worker thread of its own, with hard limits on its heap and its time:
 * a hostile document (a billion laughs, a deeply nested monster, a feed of a million items) costs at
 * most that worker, which is then terminated; ingest and its push API keep running.
 */
import { Worker } from "node:worker_threads";
import type { UpstreamEntry } from "./upstream-items.ts";

export interface ParseRequest {
  body: Uint8Array;
  contentType: string | null;
  format: "feed" | "wordpress";
  /** The feed's own URL: the base of relative links when an item has no link of its own. */
  url: string;
  /** Where zoneless dates are read (IANA). */
  timeZone: string;
  language?: string;
  maxItems: number;
  /** Links on any host are usable (the upstream is on an internal network: allowPrivateAddresses). */
  anyHost?: boolean;
}

export type ParseResult =
  | { ok: true; entries: UpstreamEntry[]; encoding: string; hub?: { hub: string; self?: string } }
  | { ok: false; error: string };

export interface ParseLimits {
  /** The worker's old-generation heap, in MB. */
  heapMb: number;
  timeoutMs: number;
}

export const defaultParseLimits: ParseLimits = { heapMb: 256, timeoutMs: 30_000 };

const workerFile = new URL("./upstream-parse-worker.ts", import.meta.url);

/** The entries of an upstream body, or why there are none (never throws, never takes ingest down). */
export async function parseUpstreamBody(
  request: ParseRequest,
  limits: ParseLimits = defaultParseLimits,
): Promise<ParseResult> {
  const worker = new Worker(workerFile, {
    workerData: request,
    resourceLimits: {
      maxOldGenerationSizeMb: limits.heapMb,
      maxYoungGenerationSizeMb: Math.max(16, Math.round(limits.heapMb / 8)),
    },
  });
  return new Promise<ParseResult>((resolve) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ ok: false, error: `parsing took longer than ${Math.round(limits.timeoutMs / 1000)} s: stopped` });
    }, limits.timeoutMs);
    const done = (result: ParseResult) => {
      clearTimeout(timer);
      resolve(result);
    };
    worker.once("message", (result: ParseResult) => done(result));
    worker.once("error", (error: Error & { code?: string }) => {
      const reason =
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `parsing needed more than ${limits.heapMb} MB of memory: stopped`
          : `the parser failed: ${error.message}`;
      done({ ok: false, error: reason });
    });
    worker.once("exit", (code) => done({ ok: false, error: `the parser stopped (exit ${code})` }));
  });
}
