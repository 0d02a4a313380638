/**
 * What ingest knows of each upstream between polls, kept in a NATS KV bucket so that it outlives a
 * restart and is shared by every ingest process: the validators (ETag, Last-Modified, so a restart
 * asks with If-None-Match instead of fetching everything again), the last poll's outcome and counts,
 * failures in a row and the next poll. A poll first claims the upstream with a compare-and-set lease,
 * so two ingest processes never poll one upstream in the same round.
 */
import { createHash } from "node:crypto";
import type { JetStreamClient, KV } from "nats";
import { isCasConflict } from "./release-store.ts";

export interface UpstreamState {
  url: string;
  publisher: string;
  etag?: string;
  lastModified?: string;
  lastPollAt?: string;
  lastOutcome?: "fetched" | "not-modified" | "failed";
  lastError?: string;
  failuresInARow: number;
  nextPollAt?: string;
  /** The last fetched poll's counts. */
  lastCounts?: { submitted: number; unchanged: number; skipped: number; dropped: number };
  /** The last fetched poll's skipped entries, with their reasons (at most 20). */
  skipped?: { ref: string; reason: string }[];
  /** The encoding the last body was read in. */
  encoding?: string;
  /** Who polls it now, and until when at the latest. */
  lease?: { holder: string; until: string };
  /** The WebSub subscription to the upstream's hub, if it advertises one. */
  websub?: UpstreamSubscription;
}

export interface UpstreamSubscription {
  hub: string;
  topic: string;
  /** The HMAC secret the hub signs notifications with (X-Hub-Signature). */
  secret: string;
  status: "requested" | "verified" | "failed";
  requestedAt: string;
  /** When the hub's lease ends (verified subscriptions). */
  expiresAt?: string;
  error?: string;
}

/** A claim on an upstream for one poll: its state, or when to look again because another process has it. */
export type UpstreamClaim = { state: UpstreamState } | { busyUntil: number };

export interface UpstreamStateStore {
  /** Claims the upstream for a poll now, unless another process holds it or polled it for this round. */
  claim(feed: { url: string; publisher: string }, holder: string, now: number, leaseMs: number): Promise<UpstreamClaim>;
  /** Writes the poll's outcome and ends the lease. */
  finish(state: UpstreamState): Promise<void>;
  /** The upstream's state now, if it has any. */
  get(url: string): Promise<UpstreamState | undefined>;
  /** Changes part of the state (compare-and-set, so a poll's lease or outcome written meanwhile is kept). */
  patch(url: string, change: (state: UpstreamState) => Partial<UpstreamState>): Promise<void>;
  list(): Promise<UpstreamState[]>;
}

/** An upstream's key: its KV key, and the last part of its WebSub callback. */
export function upstreamKey(url: string): string {
  return `u_${createHash("sha256").update(url).digest("hex").slice(0, 40)}`;
}

const initial = (feed: { url: string; publisher: string }): UpstreamState => ({ url: feed.url, publisher: feed.publisher, failuresInARow: 0 });
/** A round's next poll counts as due this much early (timers and clocks drift a little). */
const dueTolerance = 1000;

/** Whether `state` may be claimed by `holder` at `now`, or until when it may not. */
export function claimable(state: UpstreamState, holder: string, now: number): true | number {
  const leasedUntil = state.lease === undefined ? 0 : Date.parse(state.lease.until);
  if (state.lease !== undefined && state.lease.holder !== holder && leasedUntil > now) return leasedUntil;
  const next = state.nextPollAt === undefined ? 0 : Date.parse(state.nextPollAt);
  if (next > now + dueTolerance) return next;
  return true;
}

export class KvUpstreamStateStore implements UpstreamStateStore {
  readonly #kv: KV;

  private constructor(kv: KV) {
    this.#kv = kv;
  }

  static async open(js: JetStreamClient, bucket: string): Promise<KvUpstreamStateStore> {
    return new KvUpstreamStateStore(await js.views.kv(bucket, { history: 1 }));
  }

  static keyOf(url: string): string {
    return upstreamKey(url);
  }

  async claim(feed: { url: string; publisher: string }, holder: string, now: number, leaseMs: number): Promise<UpstreamClaim> {
    const key = KvUpstreamStateStore.keyOf(feed.url);
    for (let attempt = 0; attempt < 3; attempt++) {
      const entry = await this.#kv.get(key);
      const stored = entry === null || entry.operation !== "PUT" ? undefined : entry.json<UpstreamState>();
      const state = { ...initial(feed), ...stored, url: feed.url, publisher: feed.publisher };
      const verdict = claimable(state, holder, now);
      if (verdict !== true) return { busyUntil: verdict };
      const claimed: UpstreamState = { ...state, lease: { holder, until: new Date(now + leaseMs).toISOString() } };
      try {
        if (stored === undefined) await this.#kv.create(key, JSON.stringify(claimed));
        else await this.#kv.update(key, JSON.stringify(claimed), entry!.revision);
        return { state: claimed };
      } catch (error) {
        if (!isCasConflict(error)) throw error;
      }
    }
    return { busyUntil: now + dueTolerance };
  }

  async finish(state: UpstreamState): Promise<void> {
    // The subscription may have changed during the poll (a hub's verification): keep what is stored.
    await this.patch(state.url, (stored) => {
      const { lease: _lease, websub: _websub, ...rest } = state;
      // A key the poll removed (a cleared lastError) must go: undefined values are dropped when written.
      return { ...rest, lastError: state.lastError, lease: undefined, websub: stored.websub ?? state.websub };
    });
  }

  async get(url: string): Promise<UpstreamState | undefined> {
    const entry = await this.#kv.get(KvUpstreamStateStore.keyOf(url));
    return entry === null || entry.operation !== "PUT" ? undefined : entry.json<UpstreamState>();
  }

  async patch(url: string, change: (state: UpstreamState) => Partial<UpstreamState>): Promise<void> {
    const key = KvUpstreamStateStore.keyOf(url);
    for (let attempt = 0; ; attempt++) {
      const entry = await this.#kv.get(key);
      const stored = entry === null || entry.operation !== "PUT" ? undefined : entry.json<UpstreamState>();
      const base = stored ?? { url, publisher: "", failuresInARow: 0 };
      const next = JSON.stringify({ ...base, ...change(base) });
      try {
        if (stored === undefined) await this.#kv.create(key, next);
        else await this.#kv.update(key, next, entry!.revision);
        return;
      } catch (error) {
        if (!isCasConflict(error) || attempt >= 5) throw error;
      }
    }
  }

  async list(): Promise<UpstreamState[]> {
    const keys: string[] = [];
    for await (const key of await this.#kv.keys()) keys.push(key);
    const states: UpstreamState[] = [];
    for (const key of keys) {
      const entry = await this.#kv.get(key);
      if (entry !== null && entry.operation === "PUT") states.push(entry.json<UpstreamState>());
    }
    return states.sort((a, b) => a.url.localeCompare(b.url));
  }
}

/** The same in memory, for one process with nothing to share (and for tests of a single poller). */
export class MemoryUpstreamStateStore implements UpstreamStateStore {
  readonly #states = new Map<string, UpstreamState>();

  async claim(feed: { url: string; publisher: string }, holder: string, now: number, leaseMs: number): Promise<UpstreamClaim> {
    const state = { ...initial(feed), ...this.#states.get(feed.url) };
    const verdict = claimable(state, holder, now);
    if (verdict !== true) return { busyUntil: verdict };
    const claimed: UpstreamState = { ...state, lease: { holder, until: new Date(now + leaseMs).toISOString() } };
    this.#states.set(feed.url, claimed);
    return { state: claimed };
  }

  async finish(state: UpstreamState): Promise<void> {
    const { lease: _lease, ...rest } = state;
    this.#states.set(state.url, { ...rest, ...(this.#states.get(state.url)?.websub === undefined ? {} : { websub: this.#states.get(state.url)!.websub }) });
  }

  async get(url: string): Promise<UpstreamState | undefined> {
    return this.#states.get(url);
  }

  async patch(url: string, change: (state: UpstreamState) => Partial<UpstreamState>): Promise<void> {
    const base = this.#states.get(url) ?? { url, publisher: "", failuresInARow: 0 };
    this.#states.set(url, { ...base, ...change(base) });
  }

  async list(): Promise<UpstreamState[]> {
    return [...this.#states.values()];
  }
}

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
  nextPollAt?: string;
  lastCounts?: UpstreamState["lastCounts"];
  skipped?: UpstreamState["skipped"];
  encoding?: string;
  websub?: Omit<UpstreamSubscription, "secret" | "requestedAt">;
}

/** The report of these upstreams (never polled ones too), from the shared state. */
export async function upstreamReport(feeds: readonly { url: string; publisher: string; format: string; intervalSeconds: number }[], store: UpstreamStateStore, now = Date.now()): Promise<UpstreamReportRow[]> {
  const states = new Map((await store.list()).map((state) => [state.url, state]));
  return feeds.map((feed) => {
    const { lease, etag: _etag, lastModified: _lastModified, url: _url, publisher: _publisher, websub, ...state } = states.get(feed.url) ?? { failuresInARow: 0, url: feed.url, publisher: feed.publisher };
    const subscription = websub === undefined ? {} : { websub: { hub: websub.hub, topic: websub.topic, status: websub.status, ...(websub.expiresAt === undefined ? {} : { expiresAt: websub.expiresAt }), ...(websub.error === undefined ? {} : { error: websub.error }) } };
    return { url: feed.url, publisher: feed.publisher, format: feed.format, intervalSeconds: feed.intervalSeconds, polling: lease !== undefined && Date.parse(lease.until) > now, ...state, ...subscription };
  });
}
