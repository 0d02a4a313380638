import type { RequestHandler } from "express";
import type { Logger } from "@gazette/shared";
import { sendCacheable } from "./conditional-get.ts";
import type { RenderedFeed } from "./feed-cache.ts";

/** What the fast lane knows of a request URL it has seen served: the cache key, the type and the route. */
interface KnownFeedUrl {
  key: string;
  contentType: string;
  route: string;
}

export interface FeedFastLaneOptions {
  /** The cached feed under a cache key (counted as a cache hit), or undefined. */
  lookup: (key: string) => RenderedFeed | undefined;
  maxAgeSeconds: number;
  logger: Logger;
  /** Counts a request as the request metrics do (method, route, status, seconds). */
  record: (method: string, route: string, status: number, seconds: number) => void;
  /** Most request URLs remembered (the oldest go first). Default 10,000. */
  maxUrls?: number;
  /** A fast-lane answer slower than this is logged. Default 1 s. */
  slowMs?: number;
}

const summaryEveryMs = 60_000;

/**
 * Feeds as aggregators poll them, most answered 304: a request URL that was served as a feed before
 * (so it parsed and validated) and whose feed is in the cache is answered here, first of all
 * middleware: no routing, no query parsing, no per-request child logger, no compression machinery
 * (feeds carry their compressed forms). Every answer is counted in the request metrics; the lane logs
 * one summary line a minute, and each answer slower than `slowMs`; errors never come here (a miss
 * falls through to the full path, which logs as always).
 */
export class FeedFastLane {
  readonly #urls = new Map<string, KnownFeedUrl>();
  readonly #options: Required<FeedFastLaneOptions>;
  #answered = { ok: 0, notModified: 0 };
  #lastSummary = Date.now();

  constructor(options: FeedFastLaneOptions) {
    this.#options = { maxUrls: 10_000, slowMs: 1000, ...options };
  }

  /** A request URL the full path just served as this feed. */
  remember(url: string, key: string, contentType: string, route: string): void {
    if (this.#urls.has(url)) return;
    this.#urls.set(url, { key, contentType, route });
    if (this.#urls.size > this.#options.maxUrls) this.#urls.delete(this.#urls.keys().next().value!);
  }

  get handler(): RequestHandler {
    return (req, res, next) => {
      if (req.method !== "GET" && req.method !== "HEAD") return next();
      const known = this.#urls.get(req.url);
      if (known === undefined) return next();
      const feed = this.#options.lookup(known.key);
      if (feed === undefined) return next();
      const started = performance.now();
      const given = req.headers["x-request-id"];
      if (typeof given === "string" && /^[\w.-]{1,128}$/.test(given)) res.setHeader("X-Request-Id", given);
      sendCacheable(req, res, feed, known.contentType, this.#options.maxAgeSeconds);
      const ms = performance.now() - started;
      this.#options.record(req.method, known.route, res.statusCode, ms / 1000);
      this.#count(res.statusCode, req.url, ms);
    };
  }

  #count(status: number, url: string, ms: number): void {
    if (status === 304) this.#answered.notModified++;
    else this.#answered.ok++;
    if (ms >= this.#options.slowMs) this.#options.logger.warn({ url, status, ms: Math.round(ms) }, "slow feed answer");
    const now = Date.now();
    if (now - this.#lastSummary < summaryEveryMs) return;
    this.#options.logger.info(
      {
        ok: this.#answered.ok,
        notModified: this.#answered.notModified,
        seconds: Math.round((now - this.#lastSummary) / 1000),
      },
      "feeds answered from the cache on the fast lane",
    );
    this.#answered = { ok: 0, notModified: 0 };
    this.#lastSummary = now;
  }
}
