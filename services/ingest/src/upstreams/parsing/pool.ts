/**
 * Upstream bodies are parsed on a fixed pool of worker threads (piscina), reused from poll to poll,
 * each with a hard limit on its heap and each parse with a limit on its time: a hostile document (a
 * billion laughs, a deeply nested monster, a feed of a million items) costs at most the worker that
 * reads it, which is then replaced; ingest and its push API keep running. However many upstreams
 * are configured, memory holds the pool's workers and the bodies of the polls in flight, no more.
 */
import pLimit, { type LimitFunction } from "p-limit";
import { Piscina } from "piscina";
import { ingestDefaults } from "../../config.ts";
import type { FeedHints } from "../poll-timing.ts";
import type { UpstreamEntry } from "./items.ts";

export interface ParseRequest {
  /** The body, in an ArrayBuffer of its own: it is moved to the worker, not copied. */
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
  | {
      ok: true;
      entries: UpstreamEntry[];
      encoding: string;
      hub?: { hub: string; self?: string };
      /** What the document says of how often to read it. */
      hints: FeedHints;
    }
  | { ok: false; error: string };

export interface ParserPoolOptions {
  /** Worker threads (INGEST_PARSE_THREADS; default: one per core). */
  threads: number;
  /** Each worker's old-generation heap, in MB (INGEST_PARSE_HEAP_MB). */
  heapMb: number;
  /** One parse, from the moment a worker takes it, in ms (INGEST_PARSE_TIMEOUT_MS). */
  timeoutMs: number;
}

/** The pool of an unconfigured ingest (the defaults are the config module's). */
export const defaultParserPoolOptions: ParserPoolOptions = {
  threads: ingestDefaults.INGEST_PARSE_THREADS,
  heapMb: ingestDefaults.INGEST_PARSE_HEAP_MB,
  timeoutMs: ingestDefaults.INGEST_PARSE_TIMEOUT_MS,
};

const workerFile = new URL("./worker.ts", import.meta.url).href;

/** A body in an ArrayBuffer of its own, safe to move to a worker (a pooled Buffer's memory is shared). */
export function ownBuffer(body: Uint8Array): Uint8Array {
  return body.byteOffset === 0 &&
    body.byteLength === body.buffer.byteLength &&
    !(body.buffer instanceof SharedArrayBuffer)
    ? body
    : new Uint8Array(body);
}

/** The parse workers of one ingest process. */
export class ParserPool {
  readonly #pool: Piscina<ParseRequest, ParseResult>;
  readonly #slots: LimitFunction;
  readonly #options: ParserPoolOptions;

  constructor(options: Partial<ParserPoolOptions> = {}) {
    this.#options = { ...defaultParserPoolOptions, ...options };
    const { threads, heapMb } = this.#options;
    this.#pool = new Piscina({
      filename: workerFile,
      minThreads: threads,
      maxThreads: threads,
      // Workers stay: starting one costs more than the parse of a small feed.
      idleTimeout: Number.POSITIVE_INFINITY,
      resourceLimits: {
        maxOldGenerationSizeMb: heapMb,
        maxYoungGenerationSizeMb: Math.max(16, Math.round(heapMb / 8)),
      },
    });
    // One parse per worker at a time, taken from here, so its time budget starts when a worker has it.
    this.#slots = pLimit(threads);
  }

  /** Parses waiting for a worker. */
  get queued(): number {
    return this.#slots.pendingCount;
  }

  /** The entries of an upstream body, or why there are none (never throws, never takes ingest down). */
  parse(request: ParseRequest): Promise<ParseResult> {
    const body = ownBuffer(request.body);
    return this.#slots(() => this.#run({ ...request, body }));
  }

  async #run(request: ParseRequest): Promise<ParseResult> {
    const { heapMb, timeoutMs } = this.#options;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      return await this.#pool.run(request, { signal, transferList: [request.body.buffer as ArrayBuffer] });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (signal.aborted)
        return { ok: false, error: `parsing took longer than ${Math.round(timeoutMs / 1000)} s: stopped` };
      if (code === "ERR_WORKER_OUT_OF_MEMORY")
        return { ok: false, error: `parsing needed more than ${heapMb} MB of memory: stopped` };
      return { ok: false, error: `the parser failed: ${(error as Error).message}` };
    }
  }

  async close(): Promise<void> {
    await this.#pool.close({ force: true });
  }
}
