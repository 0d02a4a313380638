import { randomUUID } from "node:crypto";
import { GazetteError, type Logger, type OutboundPolicy, type ReleaseInput, backoffDelay } from "@gazette/shared";
import type { SubmissionResult } from "./release-service.ts";
import type { UpstreamFeed } from "./upstream-config.ts";
import { fetchUpstream, UpstreamFetchError } from "./upstream-fetch.ts";
import { defaultMaxItemsPerPoll, type LanguageNote, type UpstreamEntry } from "./upstream-items.ts";
import {
  MemoryUpstreamStateStore,
  upstreamKey,
  type UpstreamClaim,
  type UpstreamState,
  type UpstreamStateStore,
  type UpstreamSubscription,
} from "./upstream-state.ts";
import { hubOfLinkHeader, needsSubscription, requestSubscription, signatureIsValid } from "./upstream-websub.ts";
import { parseUpstreamBody } from "./upstream-parsing.ts";

/** Said once, when the entry goes in (not again on every poll that finds it unchanged). */
function logLanguageNote(log: Logger, ref: string, note: LanguageNote): void {
  const fields = { entry: ref, ...note };
  if (note.kind === "mismatch")
    log.warn(fields, "upstream entry: the declared language disagrees with the text (kept as declared)");
  else if (note.kind === "undetermined")
    log.warn(fields, "upstream entry: no language declared and none detected with confidence (kept as und)");
  else log.info(fields, "upstream entry: language detected (the source declares none)");
}

/** How many of a poll's entries had their language detected, undetermined or contradicted. */
function languageCounts(notes: readonly LanguageNote[]) {
  const count = (kind: LanguageNote["kind"]) => notes.filter((note) => note.kind === kind).length;
  return {
    languageDetected: count("detected"),
    languageUndetermined: count("undetermined"),
    languageMismatched: count("mismatch"),
  };
}

export interface PollReport {
  /** `elsewhere`: another ingest process polls this upstream this round (or polled it already). */
  outcome: "not-modified" | "fetched" | "failed" | "elsewhere";
  submitted: number;
  unchanged: number;
  skipped: { ref: string; reason: string }[];
  /** Entries whose language was detected, undetermined (`und`) or contradicts the declared one. */
  languages?: ({ ref: string } & LanguageNote)[];
  error?: string;
  /** The upstream's Retry-After on a failed poll, in seconds. */
  retryAfterSeconds?: number;
  /** When to poll next, in ms from the end of this poll. */
  nextPollInMs?: number;
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
  const backoff = backoffDelay(failuresInARow + 1, { firstMs: base, maxMs: ceiling });
  const wanted =
    retryAfterSeconds === undefined || !Number.isFinite(retryAfterSeconds)
      ? backoff
      : Math.max(backoff, retryAfterSeconds * 1000);
  return Math.min(wanted, ceiling);
}

/** This process's timer and poll in flight for one upstream (what lasts is in the UpstreamStateStore). */
interface LocalState {
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

export const defaultPollLimits: PollLimits = {
  maxBytes: 20 * 1024 * 1024,
  timeoutMs: 30_000,
  maxItems: defaultMaxItemsPerPoll,
};
/** A poll with this many entries logs its progress, at most every `progressIntervalMs`. */
const largeFeedEntries = 100;
const progressIntervalMs = 5000;
const userAgent = "Gazette-ingest/0.1 (pull adapter; +https://github.com/gazette)";

/**
 * The pull adapter: polls each publisher's upstream feed with conditional GET and turns each new or
 * changed entry into a release through the same path as a push (`submit`). Unchanged entries change
 * nothing (the push path answers "unchanged"); a broken entry is skipped with a logged reason; a failed
 * poll backs off. Each poll claims its upstream in the state store first (one process per upstream and
 * round), and writes back the validators, counts and next poll. The validators are kept only once every
 * entry went in, so an outage of NATS mid-poll makes the next poll fetch the whole feed again.
 */
export class UpstreamPoller {
  readonly #feeds: readonly UpstreamFeed[];
  readonly #submit: (publisher: string, input: unknown, log: Logger) => Promise<SubmissionResult>;
  readonly #logger: Logger;
  readonly #local = new Map<UpstreamFeed, LocalState>();
  readonly #limits: PollLimits;
  readonly #store: UpstreamStateStore;
  readonly #holder: string;
  readonly #websubCallbackBase: string | undefined;
  readonly #outbound: Omit<OutboundPolicy, "maxBytes" | "timeoutMs">;
  readonly #listeners: ((feed: UpstreamFeed, outcome: string, report: PollReport) => void)[] = [];
  #stopped = false;

  constructor(
    feeds: readonly UpstreamFeed[],
    submit: (publisher: string, input: unknown, log: Logger) => Promise<SubmissionResult>,
    logger: Logger,
    limits: PollLimits = defaultPollLimits,
    store: UpstreamStateStore = new MemoryUpstreamStateStore(),
    holder: string = randomUUID(),
    /** Where hubs reach this ingest (`<base>/websub/upstreams/<key>`); without it, no WebSub subscriptions. */
    websubCallbackBase?: string,
    /** Which addresses hubs named by upstreams may have (public only, unless configured otherwise). */
    outbound: Omit<OutboundPolicy, "maxBytes" | "timeoutMs"> = { allowPrivate: false },
  ) {
    this.#outbound = outbound;
    this.#feeds = feeds;
    this.#submit = submit;
    this.#logger = logger;
    this.#limits = limits;
    this.#store = store;
    this.#holder = holder;
    this.#websubCallbackBase = websubCallbackBase?.replace(/\/+$/, "");
    for (const feed of feeds) this.#local.set(feed, {});
  }

  start(): void {
    for (const feed of this.#feeds) this.#schedule(feed, 0);
  }

  /** Tells `listener` of every poll's and hub notification's outcome (for metrics). */
  observe(listener: (feed: UpstreamFeed, outcome: string, report: PollReport) => void): void {
    this.#listeners.push(listener);
  }

  #tell(feed: UpstreamFeed, outcome: string, report: PollReport): void {
    for (const listener of this.#listeners) listener(feed, outcome, report);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const local of this.#local.values()) clearTimeout(local.timer);
    await Promise.allSettled([...this.#local.values()].map((local) => local.polling));
  }

  #schedule(feed: UpstreamFeed, delayMs: number): void {
    if (this.#stopped) return;
    const local = this.#local.get(feed)!;
    // Node's timers take at most ~24.8 days; nextPollDelayMs keeps delays far below that.
    local.timer = setTimeout(
      () => {
        local.polling = this.pollOnce(feed);
        void local.polling.then((report) => this.#schedule(feed, report.nextPollInMs ?? feed.intervalSeconds * 1000));
      },
      Math.min(Math.max(0, delayMs), 3_600_000),
    );
  }

  /** How long a claim holds: the request, the parse and the submissions, with room to spare. */
  #leaseMs(): number {
    return 2 * this.#limits.timeoutMs + 120_000;
  }

  /** One poll of one feed; never throws. */
  async pollOnce(feed: UpstreamFeed): Promise<PollReport> {
    const log = this.#logger.child({ upstream: feed.url, publisher: feed.publisher });
    const report: PollReport = { outcome: "fetched", submitted: 0, unchanged: 0, skipped: [] };
    let claim: UpstreamClaim;
    try {
      claim = await this.#store.claim(feed, this.#holder, Date.now(), this.#leaseMs());
    } catch (error) {
      log.warn({ err: error }, "upstream poll state unavailable: trying again later");
      return {
        ...report,
        outcome: "failed",
        error: `poll state unavailable: ${(error as Error).message}`,
        nextPollInMs: nextPollDelayMs(feed.intervalSeconds, 1),
      };
    }
    if ("busyUntil" in claim) {
      log.debug({ until: new Date(claim.busyUntil).toISOString() }, "upstream polled elsewhere this round");
      return {
        ...report,
        outcome: "elsewhere",
        nextPollInMs: claim.busyUntil - Date.now() + Math.floor(Math.random() * 1000),
      };
    }
    const state = claim.state;
    let retryAfterSeconds: number | undefined;
    let hub: { hub: string; self?: string } | undefined;
    try {
      hub = await this.#fetchAndSubmit(feed, state, report, log);
      state.failuresInARow = 0;
      delete state.lastError;
    } catch (error) {
      state.failuresInARow++;
      report.outcome = "failed";
      report.error = (error as Error).message;
      state.lastError = report.error;
      if (error instanceof UpstreamFetchError && error.retryAfterSeconds !== undefined)
        retryAfterSeconds = error.retryAfterSeconds;
      log.warn({ err: error, failuresInARow: state.failuresInARow }, "upstream poll failed: backing off");
    }
    const nextPollInMs = await this.#nextPollDelay(feed, state, hub, retryAfterSeconds, log);
    Object.assign(state, {
      lastPollAt: new Date().toISOString(),
      lastOutcome: report.outcome,
      nextPollAt: new Date(Date.now() + nextPollInMs).toISOString(),
    });
    await this.#store
      .finish(state)
      .catch((error: unknown) => log.warn({ err: error }, "upstream poll state not written"));
    this.#tell(feed, report.outcome, report);
    return { ...report, nextPollInMs, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  }

  /**
   * Fetches the feed (conditionally, with the validators of the last poll), parses it in a worker and
   * submits its entries; records what it found in `state` and `report`. The hub the feed names, if any.
   */
  async #fetchAndSubmit(
    feed: UpstreamFeed,
    state: UpstreamState,
    report: PollReport,
    log: Logger,
  ): Promise<{ hub: string; self?: string } | undefined> {
    const headers: Record<string, string> = {
      "user-agent": userAgent,
      accept:
        feed.format === "wordpress"
          ? "application/json"
          : "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1",
    };
    if (state.etag !== undefined) headers["if-none-match"] = state.etag;
    if (state.lastModified !== undefined) headers["if-modified-since"] = state.lastModified;
    const outbound = {
      allowPrivate: this.#outbound.allowPrivate || feed.allowPrivateAddresses,
      ...(this.#outbound.allowedOrigins === undefined ? {} : { allowedOrigins: this.#outbound.allowedOrigins }),
    };
    const { maxBytes, timeoutMs, maxItems } = this.#limits;
    const response = await fetchUpstream(feed.url, headers, { maxBytes, timeoutMs, outbound });
    if (response.status === 304) {
      log.debug("upstream not modified");
      report.outcome = "not-modified";
      return undefined;
    }
    const parsed = await parseUpstreamBody({
      body: response.body,
      contentType: response.headers.get("content-type"),
      format: feed.format,
      url: feed.url,
      timeZone: feed.timeZone,
      ...(feed.language === undefined ? {} : { language: feed.language }),
      maxItems,
      anyHost: feed.allowPrivateAddresses,
    });
    if (!parsed.ok) throw new UpstreamFetchError(parsed.error);
    const dropped = await this.#submitEntries(feed, parsed.entries, report, log);
    for (const skipped of report.skipped)
      log.warn({ entry: skipped.ref, reason: skipped.reason }, "upstream entry skipped");
    const counts = {
      submitted: report.submitted,
      unchanged: report.unchanged,
      skipped: report.skipped.length,
      dropped,
    };
    Object.assign(state, {
      encoding: parsed.encoding,
      etag: response.headers.get("etag") ?? undefined,
      lastModified: response.headers.get("last-modified") ?? undefined,
      lastCounts: { ...counts, ...languageCounts(report.languages ?? []) },
      skipped: report.skipped.slice(0, 20),
      languages: (report.languages ?? []).filter((note) => note.kind !== "detected").slice(0, 20),
    });
    log.info(counts, "upstream polled");
    return hubOfLinkHeader(response.headers.get("link")) ?? parsed.hub;
  }

  /** When to poll next: backoff after failures, the upstream's Retry-After, hourly while a hub pushes. */
  async #nextPollDelay(
    feed: UpstreamFeed,
    state: UpstreamState,
    hub: { hub: string; self?: string } | undefined,
    retryAfterSeconds: number | undefined,
    log: Logger,
  ): Promise<number> {
    // The subscription as the claim read it, or as this poll just requested it.
    const subscribed = hub === undefined ? state.websub : await this.#ensureSubscription(feed, hub, state.websub, log);
    // With a live subscription the hub tells us of changes: polling is only the backstop, hourly.
    const backstop =
      subscribed?.status === "verified" &&
      subscribed.expiresAt !== undefined &&
      Date.parse(subscribed.expiresAt) > Date.now();
    return Math.max(
      nextPollDelayMs(feed.intervalSeconds, state.failuresInARow, retryAfterSeconds),
      backstop ? 3_600_000 : 0,
    );
  }

  /** The callback a hub calls for this upstream. */
  callbackOf(feed: UpstreamFeed): string | undefined {
    return this.#websubCallbackBase === undefined
      ? undefined
      : `${this.#websubCallbackBase}/websub/upstreams/${upstreamKey(feed.url)}`;
  }

  /** Subscribes to the hub unless `current` already does; the subscription in effect afterwards. */
  async #ensureSubscription(
    feed: UpstreamFeed,
    discovered: { hub: string; self?: string },
    current: UpstreamSubscription | undefined,
    log: Logger,
  ): Promise<UpstreamSubscription | undefined> {
    const callback = this.callbackOf(feed);
    if (callback === undefined) return current;
    const topic = discovered.self ?? feed.url;
    if (!needsSubscription(current, discovered.hub, topic, Date.now())) return current;
    const subscription = await requestSubscription(
      discovered.hub,
      topic,
      callback,
      this.#outbound,
      this.#limits.timeoutMs,
    );
    await this.#store.patch(feed.url, () => ({ websub: subscription }));
    if (subscription.status === "failed")
      log.warn(
        { hub: discovered.hub, reason: subscription.error },
        "upstream hub subscription failed: polling goes on",
      );
    else log.info({ hub: discovered.hub, topic }, "upstream hub subscription requested");
    return subscription;
  }

  #feedOfKey(key: string): UpstreamFeed | undefined {
    return this.#feeds.find((feed) => upstreamKey(feed.url) === key);
  }

  /**
   * A hub's verification of intent (GET on the callback): the challenge when it asks for the topic we
   * requested, and the lease it grants; undefined (404) for anything else.
   */
  async verifyIntent(key: string, query: Record<string, unknown>): Promise<string | undefined> {
    const feed = this.#feedOfKey(key);
    const subscription = feed === undefined ? undefined : (await this.#store.get(feed.url))?.websub;
    if (feed === undefined || subscription === undefined || query["hub.topic"] !== subscription.topic) return undefined;
    const mode = query["hub.mode"];
    if (mode === "denied") {
      await this.#store.patch(feed.url, (state) => ({
        websub: {
          ...subscription,
          ...state.websub,
          status: "failed",
          error: `the hub denied it: ${String(query["hub.reason"] ?? "no reason given")}`,
        },
      }));
      return "";
    }
    if (mode !== "subscribe" || typeof query["hub.challenge"] !== "string") return undefined;
    const leaseSeconds = Number(query["hub.lease_seconds"]);
    const expiresAt = new Date(
      Date.now() + (Number.isFinite(leaseSeconds) && leaseSeconds > 0 ? leaseSeconds : 10 * 86_400) * 1000,
    ).toISOString();
    await this.#store.patch(feed.url, (state) => ({
      websub: { ...subscription, ...state.websub, status: "verified", expiresAt },
    }));
    this.#logger.info({ upstream: feed.url, expiresAt }, "upstream hub subscription verified");
    return query["hub.challenge"];
  }

  /**
   * A hub's notification (POST on the callback): the feed's new content, taken in at once through the
   * same parse and push path as a poll. A body whose signature does not match the subscription's
   * secret is ignored (and still answered 2xx, as WebSub asks).
   */
  async receiveNotification(
    key: string,
    body: Uint8Array,
    contentType: string | null,
    signature: string | undefined,
  ): Promise<"accepted" | "ignored" | "unknown"> {
    const feed = this.#feedOfKey(key);
    const subscription = feed === undefined ? undefined : (await this.#store.get(feed.url))?.websub;
    if (feed === undefined || subscription === undefined) return "unknown";
    const log = this.#logger.child({ upstream: feed.url, publisher: feed.publisher, via: "websub" });
    if (!signatureIsValid(subscription.secret, body, signature)) {
      log.warn("upstream hub notification with a missing or wrong signature: ignored");
      return "ignored";
    }
    const parsed = await parseUpstreamBody({
      body,
      contentType,
      format: feed.format,
      url: feed.url,
      timeZone: feed.timeZone,
      ...(feed.language === undefined ? {} : { language: feed.language }),
      maxItems: this.#limits.maxItems,
    });
    if (!parsed.ok) {
      log.warn({ reason: parsed.error }, "upstream hub notification not readable: ignored");
      return "ignored";
    }
    const report: PollReport = { outcome: "fetched", submitted: 0, unchanged: 0, skipped: [] };
    await this.#submitEntries(feed, parsed.entries, report, log);
    log.info(
      { submitted: report.submitted, unchanged: report.unchanged, skipped: report.skipped.length },
      "upstream hub notification taken in",
    );
    this.#tell(feed, "websub", report);
    return "accepted";
  }

  /** Submits the entries through the push path; returns how many optional fields were dropped. */
  async #submitEntries(feed: UpstreamFeed, entries: UpstreamEntry[], report: PollReport, log: Logger): Promise<number> {
    let dropped = 0;
    // A large feed's first poll takes a while (every entry goes through the push path): say how far it is.
    const large = entries.length >= largeFeedEntries;
    if (large) log.info({ entries: entries.length }, "upstream poll: submitting entries");
    let lastProgressAt = Date.now();
    for (const [index, entry] of entries.entries()) {
      if (large && Date.now() - lastProgressAt >= progressIntervalMs) {
        lastProgressAt = Date.now();
        log.info(
          {
            done: index,
            entries: entries.length,
            submitted: report.submitted,
            unchanged: report.unchanged,
            skipped: report.skipped.length,
          },
          "upstream poll: progress",
        );
      }
      if ("skip" in entry) {
        report.skipped.push({ ref: entry.ref, reason: entry.skip });
        continue;
      }
      if (entry.language !== undefined)
        report.languages = [...(report.languages ?? []), { ref: entry.ref, ...entry.language }];
      for (const reason of entry.dropped ?? [])
        log.info({ entry: entry.ref, reason }, "upstream entry: optional field dropped");
      dropped += entry.dropped?.length ?? 0;
      try {
        const result = await this.#submit(feed.publisher, entry.release satisfies ReleaseInput, log);
        if (result.status === "unchanged") report.unchanged++;
        else {
          report.submitted++;
          if (entry.language !== undefined) logLanguageNote(log, entry.ref, entry.language);
        }
      } catch (error) {
        // A release the push path refuses is skipped; anything else (NATS away) fails the poll.
        if (!(error instanceof GazetteError) || error.status >= 500) throw error;
        report.skipped.push({ ref: entry.ref, reason: error.message });
      }
    }
    return dropped;
  }
}
