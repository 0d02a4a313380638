import type { JetStreamClient } from "@nats-io/jetstream";
import type { KV, KvEntry } from "@nats-io/kv";
import {
  GazetteError,
  type Release,
  type ReleaseEventType,
  type VersionHistoryEntry,
  isCasConflict,
  isStorageFull,
  noServerTookIt,
  openBucket,
} from "@gazette/shared";

/**
 * The record of truth for one release: its current state, the hash of the content it was made from
 * (to tell an unchanged re-send), and the event that announces it (published by the event relay).
 */
export interface ReleaseRecord {
  release: Release;
  contentHash: string;
  eventType: ReleaseEventType;
  /** Set while the release is withdrawn. */
  withdrawal?: { reason: string; at: string };
  /** The changes so far, oldest first, the newest `versionHistoryLimit` (absent on records stored before it was kept). */
  history?: VersionHistoryEntry[];
}

export interface StoredReleaseRecord {
  record: ReleaseRecord;
  /** KV revision, for compare-and-set. */
  revision: number;
}

/** Another writer changed the release between our read and our write. */
export class ReleaseWriteConflict extends Error {
  constructor(releaseId: string, options?: { cause?: unknown }) {
    super(`release ${releaseId} was changed concurrently`, options);
    this.name = "ReleaseWriteConflict";
  }
}

/** Where release records live; writes are compare-and-set on the revision read before. */
export interface ReleaseRecordStore {
  get(releaseId: string): Promise<StoredReleaseRecord | undefined>;
  /** Writes `record` if the current revision is still `expectedRevision` (undefined: not there yet); returns the new revision. */
  put(releaseId: string, record: ReleaseRecord, expectedRevision: number | undefined): Promise<number>;
  /** Every stored state of the release that is still in the bucket's history, oldest first. */
  history(releaseId: string): Promise<StoredReleaseRecord[]>;
}

/**
 * The store (NATS JetStream) did not answer: a 503 with Retry-After. A write that no server took
 * (no responders) stored nothing. A write that was sent but not confirmed in time may have been
 * stored all the same (a stream leader lost mid-write, or a request the client flushed on reconnect):
 * the answer says so, and that sending the same request again is safe (a stored one answers 200
 * unchanged with its version).
 */
export function storeUnavailable(error: unknown, writing = false): GazetteError {
  const nobodyTookIt = noServerTookIt(error);
  const detail = !writing
    ? "The release store did not answer; retry later."
    : nobodyTookIt
      ? "The release store is unavailable; nothing was stored. Retry later."
      : "The release store did not confirm the write in time: it may have been stored. Send the same request " +
        "again after Retry-After: if it was stored, the answer is 200 unchanged with its version.";
  return new GazetteError("EVENT_STORE_UNAVAILABLE", detail, {
    cause: error,
    headers: { "Retry-After": "5" },
  });
}

/**
 * JetStream refused the write for want of room (its max_file_store, or the bucket's size): nothing was
 * stored, and no event will follow. A 503 with Retry-After; operators see it in the logs and metrics.
 */
export function storeFull(error: unknown): GazetteError {
  return new GazetteError(
    "STORE_FULL",
    "The release store has no room left (its storage is full): nothing was stored. Retry later; the operators must free or add storage.",
    { cause: error, headers: { "Retry-After": "60" } },
  );
}

/** ReleaseRecordStore on a JetStream key-value bucket (history kept for version listings). */
export class KvReleaseRecordStore implements ReleaseRecordStore {
  readonly #kv: KV;

  private constructor(kv: KV) {
    this.#kv = kv;
  }

  /** Opens the bucket, creating it (file storage, the last 64 versions of each release) if needed. */
  static async open(js: JetStreamClient, bucket: string, replicas = 1): Promise<KvReleaseRecordStore> {
    return new KvReleaseRecordStore(await openBucket(js, bucket, { history: 64, replicas }));
  }

  async get(releaseId: string): Promise<StoredReleaseRecord | undefined> {
    let entry: KvEntry | null;
    try {
      entry = await this.#kv.get(releaseId);
    } catch (error) {
      throw storeUnavailable(error);
    }
    if (entry === null || entry.operation !== "PUT") return undefined;
    return { record: entry.json<ReleaseRecord>(), revision: entry.revision };
  }

  async history(releaseId: string): Promise<StoredReleaseRecord[]> {
    const records: StoredReleaseRecord[] = [];
    try {
      for await (const entry of await this.#kv.history({ key: releaseId })) {
        if (entry.operation === "PUT") records.push({ record: entry.json<ReleaseRecord>(), revision: entry.revision });
      }
    } catch (error) {
      throw storeUnavailable(error);
    }
    return records;
  }

  async put(releaseId: string, record: ReleaseRecord, expectedRevision: number | undefined): Promise<number> {
    const data = JSON.stringify(record);
    try {
      return expectedRevision === undefined
        ? await this.#kv.create(releaseId, data)
        : await this.#kv.update(releaseId, data, expectedRevision);
    } catch (error) {
      if (isCasConflict(error)) throw new ReleaseWriteConflict(releaseId, { cause: error });
      if (isStorageFull(error)) throw storeFull(error);
      throw storeUnavailable(error, true);
    }
  }
}
