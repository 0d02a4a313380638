import type { JetStreamClient } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { ReleaseEventNames } from "../contract/index.ts";
import { openBucket } from "../platform/index.ts";

/*
 * How far the index is complete, so that /v1/changes can list changes a moment after they are
 * written instead of a fixed settle time later (ADR 0010). Every indexer process publishes, about
 * twice a second, its watermark: an instant such that every document it stamped (`changedAt`) at or
 * before it is written and searchable. Below the lowest watermark of the live indexers, the list of
 * changes is final.
 */

/** The JetStream KV bucket of the indexers' watermarks (one key per indexer process). */
export function watermarksBucketOf(names: ReleaseEventNames): string {
  return `${names.stream}_watermarks`;
}

/** How often an indexer publishes its watermark, in ms. */
export const watermarkIntervalMs = 500;

/** A watermark older than this (by the NATS server's clock) is an indexer that has stopped: ignored. */
export const watermarkLifetimeMs = 10_000;

/** One indexer's entry: its watermark (ms since the epoch), and when the server stored it. */
export interface IndexerWatermark {
  watermark: number;
  storedAt: number;
}

/**
 * The instant up to which the index is complete: the lowest watermark of the indexers that published
 * recently (within `watermarkLifetimeMs` of the newest entry), or undefined when there are none.
 */
export function completeThrough(entries: Iterable<IndexerWatermark>): number | undefined {
  const all = [...entries];
  if (all.length === 0) return undefined;
  const newest = Math.max(...all.map((entry) => entry.storedAt));
  const live = all.filter((entry) => entry.storedAt >= newest - watermarkLifetimeMs);
  return Math.min(...live.map((entry) => entry.watermark));
}

/** The watermarks bucket, created alike by whoever comes first: one value a key, a minute of age at most. */
export function openWatermarksBucket(js: JetStreamClient, names: ReleaseEventNames, replicas = 1): Promise<KV> {
  return openBucket(js, watermarksBucketOf(names), { history: 1, ttl: 60_000, replicas });
}
