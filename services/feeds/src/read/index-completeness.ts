import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import type { KV, KvEntry } from "@nats-io/kv";
import {
  completeThrough,
  openWatermarksBucket,
  watermarkLifetimeMs,
  type IndexerWatermark,
  type Logger,
  type ReleaseEventNames,
  followBucket,
} from "@gazette/shared";

/** With no indexer publishing watermarks (none running, or an older version), changes settle this long. */
export const fallbackSettleMs = 5000;

/**
 * How far the list of changes is final: the lowest watermark of the live indexers (watched in their
 * bucket), never later than a second ago by this clock (so an embargo's end has passed by the index's
 * clock too); `fallbackSettleMs` ago when no indexer publishes one.
 */
export class IndexCompleteness {
  readonly #watermarks = new Map<string, IndexerWatermark>();
  /** Indexers that said they are rebuilding a lost index, and when they last said so (server time). */
  readonly #rebuilding = new Map<string, number>();
  #watch: { stop(): void } | undefined;

  static async open(
    nats: NatsConnection,
    names: ReleaseEventNames,
    logger: Logger,
    replicas = 1,
  ): Promise<IndexCompleteness> {
    const completeness = new IndexCompleteness();
    const kv: KV = await openWatermarksBucket(jetstream(nats), names, replicas);
    completeness.#watch = await followBucket(kv, (entry) => completeness.#take(entry), logger, "indexer watermarks");
    return completeness;
  }

  #take(entry: KvEntry): void {
    if (entry.operation !== "PUT") {
      this.#watermarks.delete(entry.key);
      this.#rebuilding.delete(entry.key);
      return;
    }
    const { watermark, rebuilding } = entry.json<{ watermark?: unknown; rebuilding?: unknown }>();
    if (typeof watermark === "number")
      this.#watermarks.set(entry.key, { watermark, storedAt: entry.created.getTime() });
    if (rebuilding === true) this.#rebuilding.set(entry.key, entry.created.getTime());
    else this.#rebuilding.delete(entry.key);
  }

  /**
   * Whether a live indexer is rebuilding a lost index (it says so with its watermark, twice a second;
   * one that stopped saying so for `watermarkLifetimeMs` has died, and its word lapses).
   */
  rebuilding(now = Date.now()): boolean {
    for (const [key, at] of this.#rebuilding) {
      if (now - at <= watermarkLifetimeMs) return true;
      this.#rebuilding.delete(key);
    }
    return false;
  }

  /** Changes stamped at or before this instant are all searchable, and no more can come. */
  completeThrough(now = Date.now()): Date {
    const watermark = completeThrough(this.#watermarks.values());
    if (watermark === undefined) return new Date(now - fallbackSettleMs);
    return new Date(Math.min(watermark, now - 1000));
  }

  stop(): void {
    this.#watch?.stop();
  }
}
