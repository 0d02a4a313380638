/**
 * The pull adapter's report (GET /v1/upstreams, `npm run gazette -- upstreams`): per upstream, its
 * settings, what the last poll found, and when the next poll comes and why, read in bulk from the
 * poll state every ingest process shares.
 */
import type { NextPollReason } from "./poll-timing.ts";
import { hostOf } from "./scheduler.ts";
import type { UpstreamState, UpstreamStateStore, UpstreamSubscription } from "./state.ts";

/** One configured upstream as the report shows it: its settings, and what the last poll found. */
export interface UpstreamReportRow {
  url: string;
  publisher: string;
  format: string;
  intervalSeconds: number;
  /** Whether a process holds it for a poll right now. */
  polling: boolean;
  lastPollAt?: string;
  lastOutcome?: string;
  lastError?: string;
  failuresInARow: number;
  /** When the next poll is due (a host's back-off included). */
  nextPollAt?: string;
  /** Why then: `first-poll`, `interval`, `max-age`, `expires`, `ttl`, `update-period`, `skip-hours`, `skip-days`, `backoff`, `retry-after`, `host-backoff`, `websub-backstop`, `elsewhere`. */
  nextPollReason?: NextPollReason;
  nextPollDetail?: string;
  lastCounts?: UpstreamState["lastCounts"];
  skipped?: UpstreamState["skipped"];
  languages?: UpstreamState["languages"];
  hints?: UpstreamState["hints"];
  encoding?: string;
  websub?: Omit<UpstreamSubscription, "secret" | "requestedAt">;
}

function publicSubscription(websub: UpstreamSubscription | undefined) {
  if (websub === undefined) return {};
  return {
    websub: {
      hub: websub.hub,
      topic: websub.topic,
      status: websub.status,
      ...(websub.expiresAt === undefined ? {} : { expiresAt: websub.expiresAt }),
      ...(websub.error === undefined ? {} : { error: websub.error }),
    },
  };
}

/** The report of these upstreams (never polled ones too), from the shared state. */
export async function upstreamReport(
  feeds: readonly { url: string; publisher: string; format: string; intervalSeconds: number }[],
  store: UpstreamStateStore,
  now = Date.now(),
): Promise<UpstreamReportRow[]> {
  const snapshot = await store.snapshot();
  const states = new Map(snapshot.states.map((state) => [state.url, state]));
  const hosts = new Map(snapshot.hosts.map((backoff) => [backoff.host, backoff]));
  return feeds.map((feed) => {
    const {
      lease,
      etag: _etag,
      lastModified: _lastModified,
      url: _url,
      publisher: _publisher,
      websub,
      ...state
    } = states.get(feed.url) ?? { failuresInARow: 0, url: feed.url, publisher: feed.publisher };
    const host = URL.canParse(feed.url) ? hosts.get(hostOf(feed.url)) : undefined;
    const hostWaits =
      host !== undefined &&
      Date.parse(host.until) > now &&
      Date.parse(host.until) > (state.nextPollAt === undefined ? 0 : Date.parse(state.nextPollAt));
    return {
      url: feed.url,
      publisher: feed.publisher,
      format: feed.format,
      intervalSeconds: feed.intervalSeconds,
      polling: lease !== undefined && Date.parse(lease.until) > now,
      ...state,
      ...(hostWaits ? { nextPollAt: host.until, nextPollReason: "host-backoff", nextPollDetail: host.reason } : {}),
      ...publicSubscription(websub),
    };
  });
}
