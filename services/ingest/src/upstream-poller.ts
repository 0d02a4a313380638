import { GazetteError, type Logger, type ReleaseInput } from "@gazette/shared";
import type { SubmissionResult } from "./release-service.ts";
import type { UpstreamFeed } from "./upstream-config.ts";
import { fetchUpstream, UpstreamFetchError } from "./upstream-fetch.ts";
import { defaultMaxItemsPerPoll } from "./upstream-items.ts";
import { parseUpstreamBody } from "./upstream-parsing.ts";

export interface PollReport {
  outcome: "not-modified" | "fetched" | "failed";
  submitted: number;
  unchanged: number;
  skipped: { ref: string; reason: string }[];
  error?: string;
  /** The upstream's Retry-After on a failed poll, in seconds. */
  retryAfterSeconds?: number;
}

/**
 * The delay before the next poll: the interval, doubled for each failure in a row, or the upstream's
 * Retry-After if longer; at most an hour (or the interval, if that is longer). A Retry-After of weeks
 * (past Node's timer limit of ~24.8 days it became 1 ms, and the poller hammered the upstream) or of
 * nonsense is held to that ceiling.
 */
export function nextPollDelayMs(intervalSeconds: number, failuresInARow: number, retryAfterSeconds?: number): number {
  const base = intervalSeconds * 1000;
  const ceiling = Math.max(base, 3_600_000);
  const backoff = failuresInARow === 0 ? base : Math.min(base * 2 ** Math.min(failuresInARow, 30), ceiling);
  const wanted = retryAfterSeconds === undefined || !Number.isFinite(retryAfterSeconds) ? backoff : Math.max(backoff, retryAfterSeconds * 1000);
  return Math.min(wanted, ceiling);
}

interface FeedState {
  etag?: string;
  lastModified?: string;
  failures: number;
  timer?: NodeJS.Timeout;
  polling?: Promise<PollReport>;
}

/** What one poll may cost: an upstream that breaks a limit fails its poll, and nothing else. */
export interface PollLimits {
  /** Most bytes of an upstream body, after decompression. */
  maxBytes: number;
  /** The whole request, headers and body, in ms. */
  timeoutMs: number;
  /** Most entries one poll submits (the first of the document: feeds list newest first). */
  maxItems: number;
}

export const defaultPollLimits: PollLimits = { maxBytes: 20 * 1024 * 1024, timeoutMs: 30_000, maxItems: defaultMaxItemsPerPoll };
/** A poll with this many entries logs its progress, at most every `progressIntervalMs`. */
const largeFeedEntries = 100;
const progressIntervalMs = 5000;
const userAgent = "Gazette-ingest/0.1 (pull adapter; +https://github.com/gazette)";

/**
 * The pull adapter: polls each publisher's upstream feed with conditional GET and turns each new or
 * changed entry into a release through the same path as a push (`submit`). Unchanged entries change
 * nothing (the push path answers "unchanged"); a broken entry is skipped with a logged reason; a failed
 * poll backs off. The validators (ETag, Last-Modified) are kept only once every entry went in, so an
 * outage of NATS mid-poll makes the next poll fetch the whole feed again.
 */
export class UpstreamPoller {
  readonly #feeds: readonly UpstreamFeed[];
  readonly #submit: (publisher: string, input: unknown, log: Logger) => Promise<SubmissionResult>;
  readonly #logger: Logger;
  readonly #states = new Map<UpstreamFeed, FeedState>();
  readonly #limits: PollLimits;
  #stopped = false;

  constructor(feeds: readonly UpstreamFeed[], submit: (publisher: string, input: unknown, log: Logger) => Promise<SubmissionResult>, logger: Logger, limits: PollLimits = defaultPollLimits) {
    this.#feeds = feeds;
    this.#submit = submit;
    this.#logger = logger;
    this.#limits = limits;
    for (const feed of feeds) this.#states.set(feed, { failures: 0 });
  }

  start(): void {
    for (const feed of this.#feeds) this.#schedule(feed, 0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const state of this.#states.values()) clearTimeout(state.timer);
    await Promise.allSettled([...this.#states.values()].map((state) => state.polling));
  }

  #schedule(feed: UpstreamFeed, delayMs: number): void {
    if (this.#stopped) return;
    const state = this.#states.get(feed)!;
    state.timer = setTimeout(() => {
      state.polling = this.pollOnce(feed);
      void state.polling.then((report) => this.#schedule(feed, nextPollDelayMs(feed.intervalSeconds, state.failures, report.retryAfterSeconds)));
    }, delayMs);
  }

  /** One poll of one feed; never throws. */
  async pollOnce(feed: UpstreamFeed): Promise<PollReport> {
    const state = this.#states.get(feed) ?? { failures: 0 };
    this.#states.set(feed, state);
    const log = this.#logger.child({ upstream: feed.url, publisher: feed.publisher });
    const report: PollReport = { outcome: "fetched", submitted: 0, unchanged: 0, skipped: [] };
    let retryAfterSeconds: number | undefined;
    try {
      const headers: Record<string, string> = { "user-agent": userAgent, accept: feed.format === "wordpress" ? "application/json" : "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1" };
      if (state.etag !== undefined) headers["if-none-match"] = state.etag;
      if (state.lastModified !== undefined) headers["if-modified-since"] = state.lastModified;
      const response = await fetchUpstream(feed.url, headers, { maxBytes: this.#limits.maxBytes, timeoutMs: this.#limits.timeoutMs });
      if (response.status === 304) {
        state.failures = 0;
        log.debug("upstream not modified");
        return { ...report, outcome: "not-modified" };
      }
      const parsed = await parseUpstreamBody({ body: response.body, contentType: response.headers.get("content-type"), format: feed.format, url: feed.url, timeZone: feed.timeZone, ...(feed.language === undefined ? {} : { language: feed.language }), maxItems: this.#limits.maxItems });
      if (!parsed.ok) throw new UpstreamFetchError(parsed.error);
      const entries = parsed.entries;
      // A large feed's first poll takes a while (every entry goes through the push path): say how far it is.
      const large = entries.length >= largeFeedEntries;
      if (large) log.info({ entries: entries.length }, "upstream poll: submitting entries");
      let lastProgressAt = Date.now();
      for (const [index, entry] of entries.entries()) {
        if (large && Date.now() - lastProgressAt >= progressIntervalMs) {
          lastProgressAt = Date.now();
          log.info({ done: index, entries: entries.length, submitted: report.submitted, unchanged: report.unchanged, skipped: report.skipped.length }, "upstream poll: progress");
        }
        if ("skip" in entry) {
          report.skipped.push({ ref: entry.ref, reason: entry.skip });
          continue;
        }
        for (const reason of entry.dropped ?? []) log.info({ entry: entry.ref, reason }, "upstream entry: optional field dropped");
        try {
          const result = await this.#submit(feed.publisher, entry.release satisfies ReleaseInput, log);
          if (result.status === "unchanged") report.unchanged++;
          else report.submitted++;
        } catch (error) {
          // A release the push path refuses is skipped; anything else (NATS away) fails the poll.
          if (!(error instanceof GazetteError) || error.status >= 500) throw error;
          report.skipped.push({ ref: entry.ref, reason: error.message });
        }
      }
      for (const skipped of report.skipped) log.warn({ entry: skipped.ref, reason: skipped.reason }, "upstream entry skipped");
      state.etag = response.headers.get("etag") ?? undefined;
      state.lastModified = response.headers.get("last-modified") ?? undefined;
      state.failures = 0;
      log.info({ submitted: report.submitted, unchanged: report.unchanged, skipped: report.skipped.length }, "upstream polled");
      return report;
    } catch (error) {
      state.failures++;
      const message = (error as Error).message;
      if (error instanceof UpstreamFetchError && error.retryAfterSeconds !== undefined) retryAfterSeconds = error.retryAfterSeconds;
      log.warn({ err: error, failuresInARow: state.failures }, "upstream poll failed: backing off");
      return { ...report, outcome: "failed", error: message, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
    }
  }
}
