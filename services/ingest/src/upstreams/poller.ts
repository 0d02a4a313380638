/**
 * One poll of one upstream: claim it in the shared poll state (one process per upstream and round),
 * fetch it conditionally (If-None-Match, If-Modified-Since), parse it on the worker pool, take its
 * entries in through the push path, and write back the validators, counts, and when to poll next and
 * why. The validators are kept only once every entry went in, so an outage of NATS mid-poll makes the
 * next poll fetch the whole feed again. When polls happen, and how many at once, is the scheduler's.
 */
import { randomUUID } from "node:crypto";
import type { Logger, OutboundPolicy } from "@gazette/shared";
import { ingestDefaults } from "../config.ts";
import type { UpstreamFeed } from "./feeds-file.ts";
import { fetchUpstream, UpstreamFetchError } from "./fetch.ts";
import { languageCounts, submitEntries, type EntriesReport, type SubmitRelease } from "./entries.ts";
import { ParserPool, type ParseResult } from "./parsing/index.ts";
import {
  effectiveIntervalSeconds,
  nextPollAfter,
  nextPollDelayMs,
  type NextPoll,
  type PollTimingSettings,
} from "./poll-timing.ts";
import type { PollSlot } from "./scheduler.ts";
import { MemoryUpstreamStateStore, type UpstreamClaim, type UpstreamState, type UpstreamStateStore } from "./state.ts";
import { ensureSubscription, hubOfLinkHeader, liveSubscription } from "./websub.ts";

export interface PollReport extends Omit<EntriesReport, "dropped"> {
  /** `elsewhere`: another ingest process polls this upstream this round (or polled it already). */
  outcome: "not-modified" | "fetched" | "failed" | "elsewhere";
  error?: string;
  /** The upstream's Retry-After on a failed poll, in seconds. */
  retryAfterSeconds?: number;
  /** When to poll next, in ms from the end of this poll. */
  nextPollInMs?: number;
  /** When to poll next, and why. */
  nextPoll?: NextPoll;
  /** The upstream's host asked every client to wait until then (epoch ms): 429 or 503 with Retry-After. */
  hostBackoffUntil?: number;
}

/** What one poll may cost: an upstream that breaks a limit fails its poll, and nothing else. */
export interface PollLimits {
  /** Most bytes of an upstream body, after decompression. */
  maxBytes: number;
  /** The whole request, headers and body, in ms, from the moment it starts. */
  timeoutMs: number;
  /** Most entries one poll submits (the first of the document: feeds list newest first). */
  maxItems: number;
}

/** The limits of an unconfigured ingest (the defaults are the config module's). */
export const defaultPollLimits: PollLimits = {
  maxBytes: ingestDefaults.INGEST_UPSTREAM_MAX_BYTES,
  timeoutMs: ingestDefaults.INGEST_UPSTREAM_TIMEOUT_MS,
  maxItems: ingestDefaults.INGEST_UPSTREAM_MAX_ITEMS,
};

export const defaultPollTiming: PollTimingSettings = {
  minIntervalSeconds: ingestDefaults.INGEST_UPSTREAM_MIN_INTERVAL_SECONDS,
  maxIntervalSeconds: ingestDefaults.INGEST_UPSTREAM_MAX_INTERVAL_SECONDS,
};

export interface UpstreamPollerOptions {
  submit: SubmitRelease;
  logger: Logger;
  /** Default: defaultPollLimits. */
  limits?: PollLimits;
  /** Default: a store in memory (one process, nothing kept over restarts). */
  store?: UpstreamStateStore;
  /** This process's name in leases. Default: a random UUID. */
  holder?: string;
  /** Where hubs reach this ingest (`<base>/websub/upstreams/<key>`); without it, no WebSub subscriptions. */
  websubCallbackBase?: string;
  /** Which addresses upstreams and hubs may have, and the connection pools. Default: public addresses only. */
  outbound?: Pick<OutboundPolicy, "allowPrivate" | "allowedOrigins" | "agents">;
  /** The parse workers. Default: a pool of the poller's own, closed by `stop`. */
  parser?: ParserPool;
  /** Default: defaultPollTiming. */
  timing?: PollTimingSettings;
  /** The User-Agent of every request. */
  userAgent: string;
}

/** A host's wait when it answers 429 without saying how long (seconds). */
const defaultTooManyRequestsWait = 60;

export class UpstreamPoller {
  readonly #options: Required<Omit<UpstreamPollerOptions, "websubCallbackBase">> & { websubCallbackBase?: string };
  readonly #ownParser: boolean;
  readonly #listeners: ((feed: UpstreamFeed, outcome: string, report: PollReport) => void)[] = [];

  constructor(options: UpstreamPollerOptions) {
    this.#ownParser = options.parser === undefined;
    this.#options = {
      limits: defaultPollLimits,
      store: new MemoryUpstreamStateStore(),
      holder: randomUUID(),
      outbound: { allowPrivate: false },
      parser: options.parser ?? new ParserPool(),
      timing: defaultPollTiming,
      ...options,
      ...(options.websubCallbackBase === undefined
        ? {}
        : { websubCallbackBase: options.websubCallbackBase.replace(/\/+$/, "") }),
    };
  }

  get store(): UpstreamStateStore {
    return this.#options.store;
  }

  get timing(): PollTimingSettings {
    return this.#options.timing;
  }

  /** Tells `listener` of every poll's and hub notification's outcome (for metrics). */
  observe(listener: (feed: UpstreamFeed, outcome: string, report: PollReport) => void): void {
    this.#listeners.push(listener);
  }

  tell(feed: UpstreamFeed, outcome: string, report: PollReport): void {
    for (const listener of this.#listeners) listener(feed, outcome, report);
  }

  async stop(): Promise<void> {
    if (this.#ownParser) await this.#options.parser.close();
  }

  /** How long a claim holds: the request, the parse and the submissions, with room to spare. */
  #leaseMs(): number {
    return 2 * this.#options.limits.timeoutMs + 120_000;
  }

  #intervalOf(feed: UpstreamFeed): number {
    return effectiveIntervalSeconds(feed.intervalSeconds, this.#options.timing);
  }

  /** One poll of one feed; never throws. `slot.releaseHost` is called once the request to the upstream is over. */
  async pollOnce(feed: UpstreamFeed, slot?: PollSlot): Promise<PollReport> {
    const log = this.#options.logger.child({ upstream: feed.url, publisher: feed.publisher });
    const report: PollReport = { outcome: "fetched", submitted: 0, unchanged: 0, skipped: [] };
    let claim: UpstreamClaim;
    try {
      claim = await this.#options.store.claim(feed, this.#options.holder, Date.now(), this.#leaseMs());
    } catch (error) {
      slot?.releaseHost();
      log.warn({ err: error }, "upstream poll state unavailable: trying again later");
      const delay = nextPollDelayMs(this.#intervalOf(feed), 1);
      return {
        ...report,
        outcome: "failed",
        error: `poll state unavailable: ${(error as Error).message}`,
        nextPollInMs: delay,
        nextPoll: { at: Date.now() + delay, reason: "backoff", detail: "the poll state was unavailable" },
      };
    }
    if ("busyUntil" in claim) {
      slot?.releaseHost();
      log.debug({ until: new Date(claim.busyUntil).toISOString() }, "upstream polled elsewhere this round");
      const at = claim.busyUntil + Math.floor(Math.random() * 1000);
      return { ...report, outcome: "elsewhere", nextPollInMs: at - Date.now(), nextPoll: { at, reason: "elsewhere" } };
    }
    return this.#poll(feed, claim.state, report, log, slot);
  }

  async #poll(
    feed: UpstreamFeed,
    state: UpstreamState,
    report: PollReport,
    log: Logger,
    slot: PollSlot | undefined,
  ): Promise<PollReport> {
    let retryAfterSeconds: number | undefined;
    let fetched: Awaited<ReturnType<UpstreamPoller["fetchAndTakeIn"]>> | undefined;
    try {
      fetched = await this.fetchAndTakeIn(feed, state, report, log, slot);
      state.failuresInARow = 0;
      delete state.lastError;
    } catch (error) {
      slot?.releaseHost();
      state.failuresInARow++;
      report.outcome = "failed";
      report.error = (error as Error).message;
      state.lastError = report.error;
      if (error instanceof UpstreamFetchError) {
        retryAfterSeconds = error.retryAfterSeconds;
        report.hostBackoffUntil = this.#hostBackoff(feed, error);
      }
      log.warn({ err: error, failuresInARow: state.failuresInARow }, "upstream poll failed: backing off");
    }
    const subscribed = await ensureSubscription(
      { feed, discovered: fetched?.hub, current: state.websub, log },
      this.#subscriber(),
    ).catch((error: unknown) => {
      log.warn({ err: error }, "upstream hub subscription not recorded: polling goes on");
      return state.websub;
    });
    const nextPoll = nextPollAfter(
      {
        now: Date.now(),
        intervalSeconds: feed.intervalSeconds,
        outcome:
          report.outcome === "failed" ? "failed" : report.outcome === "not-modified" ? "not-modified" : "fetched",
        failuresInARow: state.failuresInARow,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        ...(fetched === undefined ? {} : { responseHeaders: fetched.headers }),
        ...(state.hints === undefined ? {} : { hints: state.hints }),
        websubBackstop: liveSubscription(subscribed, Date.now()),
      },
      this.#options.timing,
    );
    Object.assign(state, {
      lastPollAt: new Date().toISOString(),
      lastOutcome: report.outcome,
      nextPollAt: new Date(nextPoll.at).toISOString(),
      nextPollReason: nextPoll.reason,
      nextPollDetail: nextPoll.detail,
    });
    if (nextPoll.detail === undefined) delete state.nextPollDetail;
    await this.#options.store
      .finish(state)
      .catch((error: unknown) => log.warn({ err: error }, "upstream poll state not written"));
    this.tell(feed, report.outcome, report);
    const nextPollInMs = Math.max(0, nextPoll.at - Date.now());
    return { ...report, nextPoll, nextPollInMs, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }

  /** When a 429, or a 503 with Retry-After, asks the whole host to wait: until then (epoch ms). */
  #hostBackoff(feed: UpstreamFeed, error: UpstreamFetchError): number | undefined {
    const asksToWait = error.status === 429 || (error.status === 503 && error.retryAfterSeconds !== undefined);
    if (!asksToWait) return undefined;
    const seconds = error.retryAfterSeconds ?? defaultTooManyRequestsWait;
    return Date.now() + Math.min(seconds * 1000, nextPollDelayMs(this.#intervalOf(feed), 0, seconds));
  }

  #subscriber() {
    const { websubCallbackBase, outbound, limits, store } = this.#options;
    return { callbackBase: websubCallbackBase, outbound, timeoutMs: limits.timeoutMs, store };
  }

  #headers(feed: UpstreamFeed, state: UpstreamState): Record<string, string> {
    const headers: Record<string, string> = {
      "user-agent": this.#options.userAgent,
      accept:
        feed.format === "wordpress"
          ? "application/json"
          : "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1",
    };
    if (state.etag !== undefined) headers["if-none-match"] = state.etag;
    if (state.lastModified !== undefined) headers["if-modified-since"] = state.lastModified;
    return headers;
  }

  /**
   * Fetches the feed (conditionally, with the validators of the last poll), parses it and takes its
   * entries in; records what it found in `state` and `report`. The response's headers, and the hub the
   * feed names, if any.
   */
  async fetchAndTakeIn(
    feed: UpstreamFeed,
    state: UpstreamState,
    report: PollReport,
    log: Logger,
    slot: PollSlot | undefined,
  ): Promise<{ headers: Record<string, string>; hub?: { hub: string; self?: string } }> {
    const { outbound, limits } = this.#options;
    const policy = {
      ...outbound,
      allowPrivate: outbound.allowPrivate || feed.allowPrivateAddresses,
    };
    const response = await fetchUpstream(feed.url, this.#headers(feed, state), {
      maxBytes: limits.maxBytes,
      timeoutMs: limits.timeoutMs,
      outbound: policy,
    });
    slot?.releaseHost();
    const headers = Object.fromEntries(response.headers);
    if (response.status === 304) {
      log.debug("upstream not modified");
      report.outcome = "not-modified";
      return { headers };
    }
    const parsed = await this.takeIn(feed, response.body, response.headers.get("content-type"), report, log);
    if (!parsed.ok) throw new UpstreamFetchError(parsed.error);
    const counts = { submitted: report.submitted, unchanged: report.unchanged, skipped: report.skipped.length };
    Object.assign(state, {
      encoding: parsed.encoding,
      etag: response.headers.get("etag") ?? undefined,
      lastModified: response.headers.get("last-modified") ?? undefined,
      lastCounts: { ...counts, dropped: parsed.dropped, ...languageCounts(report.languages ?? []) },
      skipped: report.skipped.slice(0, 20),
      languages: (report.languages ?? []).filter((note) => note.kind !== "detected").slice(0, 20),
      hints: parsed.hints,
    });
    log.info({ ...counts, dropped: parsed.dropped }, "upstream polled");
    const hub = hubOfLinkHeader(response.headers.get("link")) ?? parsed.hub;
    return { headers, ...(hub === undefined ? {} : { hub }) };
  }

  /**
   * A document of `feed`'s, however it came (a poll, or the upstream's hub pushing it): parsed on the
   * pool with the feed's own settings, its entries taken in through the push path into `report`.
   */
  async takeIn(
    feed: UpstreamFeed,
    body: Uint8Array,
    contentType: string | null,
    report: PollReport,
    log: Logger,
  ): Promise<(ParseResult & { ok: false }) | (Omit<ParseResult & { ok: true }, "entries"> & { dropped: number })> {
    const parsed = await this.#options.parser.parse({
      body,
      contentType,
      format: feed.format,
      url: feed.url,
      timeZone: feed.timeZone,
      ...(feed.language === undefined ? {} : { language: feed.language }),
      maxItems: this.#options.limits.maxItems,
      anyHost: feed.allowPrivateAddresses,
    });
    if (!parsed.ok) return parsed;
    const { entries, ...rest } = parsed;
    const taken = await submitEntries(feed.publisher, entries, this.#options.submit, log);
    Object.assign(report, {
      submitted: taken.submitted,
      unchanged: taken.unchanged,
      skipped: taken.skipped,
      ...(taken.languages === undefined ? {} : { languages: taken.languages }),
    });
    return { ...rest, dropped: taken.dropped };
  }
}
