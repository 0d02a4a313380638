import type { JetStreamClient } from "@nats-io/jetstream";
import { bucketEntries, type ReleaseEvent } from "@gazette/shared";
import type { IngestConfig } from "./config.ts";
import { releaseEventFor, type ReleaseRecord } from "./releases/index.ts";
import { KvUpstreamStateStore, loadUpstreamFeeds, upstreamReport, type UpstreamReportRow } from "./upstreams/index.ts";
import { Kvm } from "@nats-io/kv";

/*
 * What operators' tools (npm run gazette, benchmarks) may do with ingest's state, without knowing how
 * ingest stores it.
 */

/** Every release in ingest's record of truth (a stored write is accepted; its event follows), as its current event. */
export interface ReleaseRecordSource {
  /** How many releases there are (as the bucket counts them). */
  total: number;
  events(): AsyncIterable<ReleaseEvent>;
}

/** The record of truth in `config`'s release bucket (it must exist: ingest creates it). */
export async function openReleaseRecords(js: JetStreamClient, config: IngestConfig): Promise<ReleaseRecordSource> {
  const kv = await new Kvm(js).open(config.INGEST_RELEASES_BUCKET);
  return {
    total: (await kv.status()).values,
    async *events() {
      // Every release's latest record in one pass (one consumer, not a read per release).
      const decoder = new TextDecoder();
      for await (const entry of bucketEntries(js, config.INGEST_RELEASES_BUCKET)) {
        if (entry.operation !== "PUT") continue;
        yield releaseEventFor(JSON.parse(decoder.decode(entry.value)) as ReleaseRecord);
      }
    },
  };
}

/**
 * Each upstream feed's last poll, outcome, counts, failures in a row and next poll, from the poll
 * state every ingest process shares; feeds polled once but no longer configured are listed too.
 */
export async function upstreamStatus(js: JetStreamClient, config: IngestConfig): Promise<UpstreamReportRow[]> {
  const store = await KvUpstreamStateStore.open(js, config.INGEST_UPSTREAMS_BUCKET, config.NATS_REPLICAS);
  const configured =
    config.INGEST_UPSTREAM_FEEDS_FILE === undefined ? [] : await loadUpstreamFeeds(config.INGEST_UPSTREAM_FEEDS_FILE);
  const known = new Set(configured.map((feed) => feed.url));
  const former = (await store.list())
    .filter((state) => !known.has(state.url))
    .map((state) => ({ url: state.url, publisher: state.publisher, format: "?" as const, intervalSeconds: 0 }));
  return upstreamReport([...configured, ...former], store);
}
