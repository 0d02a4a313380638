/**
 * What ingest knows of each upstream between polls, kept in a NATS KV bucket so that it outlives a
 * restart and is shared by every ingest process: the validators (ETag, Last-Modified, so a restart
 * asks with If-None-Match instead of fetching everything again), the last poll's outcome and counts,
 * failures in a row and the next poll. A poll first claims the upstream with a compare-and-set lease,
 * so two ingest processes never poll one upstream in the same round.
 */
import { createHash } from "node:crypto";
import type { JetStreamClient } from "@nats-io/jetstream";
import { bucketEntries, isCasConflict, openBucket } from "@gazette/shared";
import type { FeedHints, NextPollReason } from "./poll-timing.ts";

/** An upstream's poll state kept changing under this process's writes (compare-and-set lost five times). */
export class UpstreamStateConflict extends Error {
  constructor(url: string) {
    super(`upstream state of ${url} kept changing: not written`);
    this.name = "UpstreamStateConflict";
  }
}

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
  /** Why the next poll is then (the interval, the server's max-age, a Retry-After, …). */
  nextPollReason?: NextPollReason;
  /** What the reason rests on, in words (`Cache-Control: max-age=7200`). */
  nextPollDetail?: string;
  /** What the last fetched document said of how often to read it (kept for the 304s that follow). */
  hints?: FeedHints;
  /** The last fetched poll's counts. */
  lastCounts?: {
    submitted: number;
    unchanged: number;
    skipped: number;
    dropped: number;
    /** Entries whose feed declares no language: detected from the text, or kept as `und`. */
    languageDetected?: number;
    languageUndetermined?: number;
    /** Entries whose declared language a confident detection contradicts (kept as declared). */
    languageMismatched?: number;
  };
  /** The last fetched poll's entries kept as `und` or whose declared language the text contradicts (at most 20). */
  languages?: { ref: string; kind: string; declared?: string; detected: string; confidence: number }[];
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

/** A host that asked every client to wait (429 or 503 with Retry-After): none of its upstreams is polled before `until`. */
export interface HostBackoff {
  host: string;
  until: string;
  reason: string;
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
  /** Every upstream's state and every host's back-off, read in bulk (one pass, not one request each). */
  snapshot(): Promise<{ states: UpstreamState[]; hosts: HostBackoff[] }>;
  /** Records that `host` asked every client to wait. */
  backOffHost(backoff: HostBackoff): Promise<void>;
  /** Records an upstream's first poll as planned, unless it has a state already (another process planned or polled it). */
  plan(feed: { url: string; publisher: string }, nextPollAt: number, reason: NextPollReason): Promise<void>;
}

/** An upstream's key: its KV key, and the last part of its WebSub callback. */
export function upstreamKey(url: string): string {
  return `u_${createHash("sha256").update(url).digest("hex").slice(0, 40)}`;
}

const initial = (feed: { url: string; publisher: string }): UpstreamState => ({
  url: feed.url,
  publisher: feed.publisher,
  failuresInARow: 0,
});
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

/** A host's key in the same bucket (upstream keys start `u_`, host keys `h_`). */
export function hostKey(host: string): string {
  return `h_${createHash("sha256").update(host).digest("hex").slice(0, 40)}`;
}

/** Where states are kept: each with a revision, written only at the revision it was read at. */
interface StateCells {
  read(url: string): Promise<{ state: UpstreamState; revision: number } | undefined>;
  /** Writes `state` if what is stored is still at `revision` (undefined: nothing stored yet); false on a conflict. */
  write(url: string, state: UpstreamState, revision: number | undefined): Promise<boolean>;
  /** Everything stored, in one pass. */
  all(): Promise<{ states: UpstreamState[]; hosts: HostBackoff[] }>;
  writeHost(backoff: HostBackoff): Promise<void>;
}

/**
 * Claims, outcomes and subscriptions as compare-and-set updates of each upstream's state: one
 * mechanism, whichever cells keep the states (NATS KV, or memory in a single process).
 */
class UpstreamStates implements UpstreamStateStore {
  readonly #cells: StateCells;

  protected constructor(cells: StateCells) {
    this.#cells = cells;
  }

  /** Applies `change` to the stored state until no one wrote in between; `change` may decline (undefined). */
  async #update(
    url: string,
    change: (stored: UpstreamState | undefined) => UpstreamState | undefined,
  ): Promise<UpstreamState | undefined> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.#cells.read(url);
      const next = change(stored?.state);
      if (next === undefined || (await this.#cells.write(url, next, stored?.revision))) return next;
      if (attempt >= 5) throw new UpstreamStateConflict(url);
    }
  }

  async claim(
    feed: { url: string; publisher: string },
    holder: string,
    now: number,
    leaseMs: number,
  ): Promise<UpstreamClaim> {
    let busyUntil = 0;
    const claimed = await this.#update(feed.url, (stored) => {
      const state = { ...initial(feed), ...stored, url: feed.url, publisher: feed.publisher };
      const verdict = claimable(state, holder, now);
      if (verdict !== true) {
        busyUntil = verdict;
        return undefined;
      }
      return { ...state, lease: { holder, until: new Date(now + leaseMs).toISOString() } };
    });
    return claimed === undefined ? { busyUntil } : { state: claimed };
  }

  async finish(state: UpstreamState): Promise<void> {
    // The poll's outcome replaces the state, without its lease; the subscription stays as stored (a
    // hub may have verified it during the poll).
    const { lease: _lease, ...outcome } = state;
    await this.#update(state.url, (stored) => ({
      ...outcome,
      ...(stored?.websub === undefined ? {} : { websub: stored.websub }),
    }));
  }

  async get(url: string): Promise<UpstreamState | undefined> {
    return (await this.#cells.read(url))?.state;
  }

  async patch(url: string, change: (state: UpstreamState) => Partial<UpstreamState>): Promise<void> {
    await this.#update(url, (stored) => {
      const base = stored ?? { url, publisher: "", failuresInARow: 0 };
      return { ...base, ...change(base) };
    });
  }

  async list(): Promise<UpstreamState[]> {
    return (await this.#cells.all()).states.sort((a, b) => a.url.localeCompare(b.url));
  }

  snapshot(): Promise<{ states: UpstreamState[]; hosts: HostBackoff[] }> {
    return this.#cells.all();
  }

  backOffHost(backoff: HostBackoff): Promise<void> {
    return this.#cells.writeHost(backoff);
  }

  async plan(feed: { url: string; publisher: string }, nextPollAt: number, reason: NextPollReason): Promise<void> {
    const planned = { ...initial(feed), nextPollAt: new Date(nextPollAt).toISOString(), nextPollReason: reason };
    // Written only where nothing is stored: a state that exists (polled, or planned by another process) wins.
    await this.#cells.write(feed.url, planned, undefined);
  }
}

/** Poll state in a NATS KV bucket: shared by every ingest process, kept over restarts. */
export class KvUpstreamStateStore extends UpstreamStates {
  static async open(js: JetStreamClient, bucket: string, replicas = 1): Promise<KvUpstreamStateStore> {
    const kv = await openBucket(js, bucket, { history: 1, replicas });
    return new KvUpstreamStateStore({
      async read(url) {
        const entry = await kv.get(upstreamKey(url));
        return entry === null || entry.operation !== "PUT"
          ? undefined
          : { state: entry.json<UpstreamState>(), revision: entry.revision };
      },
      async write(url, state, revision) {
        try {
          if (revision === undefined) await kv.create(upstreamKey(url), JSON.stringify(state));
          else await kv.update(upstreamKey(url), JSON.stringify(state), revision);
          return true;
        } catch (error) {
          if (isCasConflict(error)) return false;
          throw error;
        }
      },
      async all() {
        // Every state in one pass (5,000 upstreams: one consumer, not 5,000 reads).
        const states: UpstreamState[] = [];
        const hosts: HostBackoff[] = [];
        for await (const entry of bucketEntries(js, bucket)) {
          if (entry.operation !== "PUT") continue;
          const value: unknown = JSON.parse(new TextDecoder().decode(entry.value));
          if (entry.key.startsWith("u_")) states.push(value as UpstreamState);
          else if (entry.key.startsWith("h_")) hosts.push(value as HostBackoff);
        }
        return { states, hosts };
      },
      async writeHost(backoff) {
        await kv.put(hostKey(backoff.host), JSON.stringify(backoff));
      },
    });
  }
}

/** The same in memory, for one process with nothing to share (and for tests of a single poller). */
export class MemoryUpstreamStateStore extends UpstreamStates {
  constructor() {
    const states = new Map<string, { state: UpstreamState; revision: number }>();
    const hosts = new Map<string, HostBackoff>();
    super({
      async read(url) {
        return states.get(url);
      },
      async write(url, state, revision) {
        if (states.get(url)?.revision !== revision) return false;
        states.set(url, { state, revision: (revision ?? 0) + 1 });
        return true;
      },
      async all() {
        return { states: [...states.values()].map((cell) => cell.state), hosts: [...hosts.values()] };
      },
      async writeHost(backoff) {
        hosts.set(backoff.host, backoff);
      },
    });
  }
}
