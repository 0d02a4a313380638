/**
 * What ingest knows of each upstream between polls, kept in a NATS KV bucket so that it outlives a
 * restart and is shared by every ingest process: the validators (ETag, Last-Modified, so a restart
 * asks with If-None-Match instead of fetching everything again), the last poll's outcome and counts,
 * failures in a row and the next poll. A poll first claims the upstream with a compare-and-set lease,
 * so two ingest processes never poll one upstream in the same round.
 */
import { createHash } from "node:crypto";
import type { JetStreamClient } from "nats";
import { isCasConflict, openBucket } from "@gazette/shared";

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

/** Where states are kept: each with a revision, written only at the revision it was read at. */
interface StateCells {
  read(url: string): Promise<{ state: UpstreamState; revision: number } | undefined>;
  /** Writes `state` if what is stored is still at `revision` (undefined: nothing stored yet); false on a conflict. */
  write(url: string, state: UpstreamState, revision: number | undefined): Promise<boolean>;
  list(): Promise<UpstreamState[]>;
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
    return (await this.#cells.list()).sort((a, b) => a.url.localeCompare(b.url));
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
      async list() {
        // The key listing is read to its end first: reading entries while it runs ends it early.
        const keys: string[] = [];
        for await (const key of await kv.keys()) keys.push(key);
        const states: UpstreamState[] = [];
        for (const key of keys) {
          const entry = await kv.get(key);
          if (entry !== null && entry.operation === "PUT") states.push(entry.json<UpstreamState>());
        }
        return states;
      },
    });
  }
}

/** The same in memory, for one process with nothing to share (and for tests of a single poller). */
export class MemoryUpstreamStateStore extends UpstreamStates {
  constructor() {
    const states = new Map<string, { state: UpstreamState; revision: number }>();
    super({
      async read(url) {
        return states.get(url);
      },
      async write(url, state, revision) {
        if (states.get(url)?.revision !== revision) return false;
        states.set(url, { state, revision: (revision ?? 0) + 1 });
        return true;
      },
      async list() {
        return [...states.values()].map((cell) => cell.state);
      },
    });
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
  languages?: UpstreamState["languages"];
  encoding?: string;
  websub?: Omit<UpstreamSubscription, "secret" | "requestedAt">;
}

/** The report of these upstreams (never polled ones too), from the shared state. */
export async function upstreamReport(
  feeds: readonly { url: string; publisher: string; format: string; intervalSeconds: number }[],
  store: UpstreamStateStore,
  now = Date.now(),
): Promise<UpstreamReportRow[]> {
  const states = new Map((await store.list()).map((state) => [state.url, state]));
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
    const subscription =
      websub === undefined
        ? {}
        : {
            websub: {
              hub: websub.hub,
              topic: websub.topic,
              status: websub.status,
              ...(websub.expiresAt === undefined ? {} : { expiresAt: websub.expiresAt }),
              ...(websub.error === undefined ? {} : { error: websub.error }),
            },
          };
    return {
      url: feed.url,
      publisher: feed.publisher,
      format: feed.format,
      intervalSeconds: feed.intervalSeconds,
      polling: lease !== undefined && Date.parse(lease.until) > now,
      ...state,
      ...subscription,
    };
  });
}
