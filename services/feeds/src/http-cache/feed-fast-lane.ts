import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "@gazette/shared";
import { cacheableAnswer } from "./conditional-get.ts";
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
  /** Adds answered requests to the request metrics (method, route, status, how many); called by `flush`. */
  count: (method: string, route: string, status: number, requests: number) => void;
  /** Most request URLs remembered (the oldest go first). Default 10,000. */
  maxUrls?: number;
  /** A fast-lane answer slower than this is logged. Default 1 s. */
  slowMs?: number;
  /** Told of each answer (the delivery reports count feed polls). */
  onAnswer?: (feed: RenderedFeed, userAgent: string | undefined, status: number) => void;
}

const summaryEveryMs = 60_000;
const saneRequestId = /^[\w.-]{1,128}$/;

/**
 * Feeds as aggregators poll them, most answered 304. A request URL that was served as a feed before
 * (so it parsed and validated) and whose feed is in the cache is answered here, in front of Express:
 * no routing, query parsing, per-request logger or compression machinery (a feed carries its
 * compressed forms). The answer is the full path's: the representation the Accept-Encoding asks
 * for, its own strong ETag, 304 when If-None-Match or If-Modified-Since match it (with the headers
 * RFC 9110 §15.4.5 asks of a 304: ETag, Cache-Control, Vary). Every answer is counted in the request
 * metrics' request counter (added when they are scraped; not in the latency histogram: these take well under
 * its first bucket); the lane logs a summary line a minute and each answer slower than `slowMs`.
 * Misses and errors take the full path, which logs as always.
 */
export class FeedFastLane {
  readonly #urls = new Map<string, KnownFeedUrl>();
  readonly #options: Required<FeedFastLaneOptions>;
  readonly #cacheControl: string;
  #answered = { ok: 0, notModified: 0 };
  #lastSummary = Date.now();
  /** Answers not yet added to the request metrics, by `method route status` (a counter a request costs less). */
  readonly #tally = new Map<string, number>();

  constructor(options: FeedFastLaneOptions) {
    this.#options = { maxUrls: 10_000, slowMs: 1000, onAnswer: () => {}, ...options };
    this.#cacheControl = `public, max-age=${this.#options.maxAgeSeconds}`;
  }

  /** Adds what was answered since the last time to the request metrics (on each scrape). */
  flush(): void {
    for (const [key, requests] of this.#tally) {
      const [method, status, route] = key.split(" ", 3) as [string, string, string];
      this.#options.count(method, route, Number(status), requests);
    }
    this.#tally.clear();
  }

  /** A request URL the full path just served as this feed. */
  remember(url: string, key: string, contentType: string, route: string): void {
    if (this.#urls.has(url)) return;
    this.#urls.set(url, { key, contentType, route });
    if (this.#urls.size > this.#options.maxUrls) this.#urls.delete(this.#urls.keys().next().value!);
  }

  /** Answers the request from the cache if it can; false: the full path must. */
  answer(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const known = this.#urls.get(req.url ?? "");
    if (known === undefined) return false;
    const feed = this.#options.lookup(known.key);
    if (feed === undefined) return false;
    const started = performance.now();
    const answer = cacheableAnswer(req.headers, feed, known.contentType, this.#cacheControl);
    const requestId = req.headers["x-request-id"];
    if (typeof requestId === "string" && saneRequestId.test(requestId)) answer.headers["x-request-id"] = requestId;
    if (answer.status === 200) answer.headers["x-content-type-options"] = "nosniff";
    res.writeHead(answer.status, answer.headers).end(answer.body);
    this.#options.onAnswer(feed, req.headers["user-agent"], answer.status);
    const key = `${req.method} ${answer.status} ${known.route}`;
    this.#tally.set(key, (this.#tally.get(key) ?? 0) + 1);
    this.#count(answer.status, req.url ?? "", performance.now() - started);
    return true;
  }

  #count(status: number, url: string, ms: number): void {
    if (status === 304) this.#answered.notModified++;
    else this.#answered.ok++;
    if (ms >= this.#options.slowMs) this.#options.logger.warn({ url, status, ms: Math.round(ms) }, "slow feed answer");
    const now = Date.now();
    if (now - this.#lastSummary < summaryEveryMs) return;
    const seconds = Math.round((now - this.#lastSummary) / 1000);
    const { ok, notModified } = this.#answered;
    this.#options.logger.info({ ok, notModified, seconds }, "feeds answered from the cache on the fast lane");
    this.#answered = { ok: 0, notModified: 0 };
    this.#lastSummary = now;
  }
}
