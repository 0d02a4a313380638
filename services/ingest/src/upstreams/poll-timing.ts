/**
 * When to poll an upstream next, and why (pure). Never more often than the upstream asks: the
 * configured interval (at least the operator's minimum), raised by what the server and the feed say
 * (Cache-Control max-age or Expires, RSS `<ttl>`, `sy:updatePeriod`/`sy:updateFrequency`), moved out of
 * the feed's `skipHours`/`skipDays`; after a failure, the backoff or the upstream's Retry-After.
 * What we learn from feed readers that are good citizens (miniflux, the RSS Advisory Board's notes).
 */
import { createHash } from "node:crypto";
import CachePolicy from "http-cache-semantics";
import { backoffDelay } from "@gazette/shared";

/** Why the next poll is when it is (shown by GET /v1/upstreams and `gazette upstreams`). */
export type NextPollReason =
  | "first-poll"
  | "interval"
  | "max-age"
  | "expires"
  | "ttl"
  | "update-period"
  | "skip-hours"
  | "skip-days"
  | "backoff"
  | "retry-after"
  | "host-backoff"
  | "websub-backstop"
  | "elsewhere";

export interface NextPoll {
  /** Epoch ms. */
  at: number;
  reason: NextPollReason;
  /** What the reason rests on, in words (`Cache-Control: max-age=7200`). */
  detail?: string;
}

/** What a feed document says of how often to read it (RSS `<ttl>`, the syndication module, skipHours/skipDays). */
export interface FeedHints {
  /** RSS `<ttl>`: minutes the channel may be cached. */
  ttlMinutes?: number;
  /** `sy:updatePeriod` divided by `sy:updateFrequency`, in seconds. */
  updatePeriodSeconds?: number;
  /** RSS `<skipHours>`: hours (0-23, GMT) in which the feed is not to be read. */
  skipHours?: number[];
  /** RSS `<skipDays>`: days (0 = Sunday, UTC) on which the feed is not to be read. */
  skipDays?: number[];
}

export interface PollTimingSettings {
  /** No upstream is polled more often than this (INGEST_UPSTREAM_MIN_INTERVAL_SECONDS). */
  minIntervalSeconds: number;
  /** What a server or feed may ask for at most (INGEST_UPSTREAM_MAX_INTERVAL_SECONDS): a year's max-age is held to it. */
  maxIntervalSeconds: number;
}

/** The interval an upstream is polled at when all goes well: its own, but never below the minimum. */
export function effectiveIntervalSeconds(intervalSeconds: number, settings: PollTimingSettings): number {
  return Math.max(intervalSeconds, settings.minIntervalSeconds);
}

/**
 * The delay of an upstream's first poll: a point of its interval fixed by its URL, so a thousand
 * upstreams configured at once are spread over the interval and a restart puts each at the same place.
 */
export function firstPollDelayMs(url: string, intervalSeconds: number): number {
  const fraction = createHash("sha256").update(url).digest().readUInt32BE(0) / 2 ** 32;
  return Math.floor(fraction * intervalSeconds * 1000);
}

/**
 * The delay before the next poll after a failure: the interval, doubled for each failure in a row, or
 * the upstream's Retry-After if longer; at most an hour (or the interval, if that is longer). A
 * Retry-After of weeks (past Node's timer limit of ~24.8 days it became 1 ms, and the poller hammered
 * the upstream) or of nonsense is held to that ceiling.
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

/** How long the server says its answer stays fresh (Cache-Control max-age, else Expires against Date), in seconds. */
export function serverFreshness(
  headers: Record<string, string>,
  now: number,
): { seconds: number; reason: "max-age" | "expires"; detail: string } | undefined {
  // A 304 refreshes the stored answer's headers (RFC 9111 §4.3.4): its freshness is read as a 200's.
  const policy = new CachePolicy(
    { url: "/", method: "GET", headers: {} },
    { status: 200, headers },
    { shared: false, cacheHeuristic: 0, immutableMinTimeToLive: 0 },
  );
  const seconds = Math.round(policy.timeToLive() / 1000);
  if (seconds <= 0) return undefined;
  const cacheControl = headers["cache-control"];
  if (cacheControl !== undefined && /max-age\s*=/i.test(cacheControl))
    return { seconds, reason: "max-age", detail: `Cache-Control: ${cacheControl}` };
  const expires = headers["expires"];
  if (expires === undefined || Number.isNaN(Date.parse(expires)) || Date.parse(expires) <= now) return undefined;
  return { seconds, reason: "expires", detail: `Expires: ${expires}` };
}

export interface PollOutcomeTiming {
  now: number;
  /** The upstream's configured interval (seconds); the minimum applies. */
  intervalSeconds: number;
  outcome: "fetched" | "not-modified" | "failed";
  failuresInARow: number;
  retryAfterSeconds?: number;
  /** The response's headers (lower-case names), for a fetched or not-modified poll. */
  responseHeaders?: Record<string, string>;
  /** What the last fetched document said of polling it. */
  hints?: FeedHints;
  /** A live WebSub subscription pushes changes: polling is only the backstop, hourly. */
  websubBackstop: boolean;
}

const hour = 3_600_000;
const websubBackstopMs = hour;

/** When to poll next after this poll, and why. */
export function nextPollAfter(input: PollOutcomeTiming, settings: PollTimingSettings): NextPoll {
  const interval = effectiveIntervalSeconds(input.intervalSeconds, settings);
  if (input.outcome === "failed") {
    const delay = nextPollDelayMs(interval, input.failuresInARow, input.retryAfterSeconds);
    const askedFor = input.retryAfterSeconds !== undefined && input.retryAfterSeconds * 1000 >= delay;
    const next: NextPoll = askedFor
      ? { at: input.now + delay, reason: "retry-after", detail: `Retry-After: ${input.retryAfterSeconds} s` }
      : { at: input.now + delay, reason: "backoff", detail: `${input.failuresInARow} failure(s) in a row` };
    return outsideSkipped(next, input.hints);
  }
  const candidates: NextPoll[] = [{ at: input.now + interval * 1000, reason: "interval" }];
  const ceiling = input.now + Math.max(interval, settings.maxIntervalSeconds) * 1000;
  const asked = (seconds: number, reason: NextPollReason, detail: string) =>
    candidates.push({ at: Math.min(input.now + seconds * 1000, ceiling), reason, detail });
  const freshness = input.responseHeaders === undefined ? undefined : serverFreshness(input.responseHeaders, input.now);
  if (freshness !== undefined) asked(freshness.seconds, freshness.reason, freshness.detail);
  const hints = input.hints ?? {};
  if (hints.ttlMinutes !== undefined) asked(hints.ttlMinutes * 60, "ttl", `<ttl>${hints.ttlMinutes}</ttl>`);
  if (hints.updatePeriodSeconds !== undefined)
    asked(hints.updatePeriodSeconds, "update-period", `sy:updatePeriod: every ${hints.updatePeriodSeconds} s`);
  if (input.websubBackstop)
    candidates.push({ at: input.now + websubBackstopMs, reason: "websub-backstop", detail: "the hub pushes changes" });
  const latest = candidates.reduce((a, b) => (b.at > a.at ? b : a));
  return outsideSkipped(latest, input.hints);
}

/** `next` moved to the first hour the feed's skipHours and skipDays allow (UTC); unchanged if they allow none. */
export function outsideSkipped(next: NextPoll, hints: FeedHints | undefined): NextPoll {
  const hours = new Set(hints?.skipHours ?? []);
  const days = new Set(hints?.skipDays ?? []);
  if (hours.size >= 24 || days.size >= 7 || (hours.size === 0 && days.size === 0)) return next;
  let at = next.at;
  let reason: NextPollReason | undefined;
  // At most a week of hours: some hour of some day is allowed (checked above).
  for (let step = 0; step < 24 * 8; step++) {
    const date = new Date(at);
    const skippedDay = days.has(date.getUTCDay());
    const skippedHour = hours.has(date.getUTCHours());
    if (!skippedDay && !skippedHour) break;
    reason = skippedDay ? "skip-days" : "skip-hours";
    at = Math.floor(at / hour) * hour + hour;
  }
  if (reason === undefined) return next;
  const detail =
    reason === "skip-days"
      ? `<skipDays> ${[...days].sort().join(",")} (0 = Sunday, UTC)`
      : `<skipHours> ${[...hours].sort((a, b) => a - b).join(",")} (GMT)`;
  return { at, reason, detail };
}
