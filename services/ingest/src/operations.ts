import type { JetStreamClient } from "nats";
import type { ReleaseEvent } from "@gazette/shared";
import type { IngestConfig } from "./config.ts";
import { releaseEventFor } from "./release-events.ts";
import type { ReleaseRecord } from "./release-store.ts";
import { KvUpstreamStateStore, loadUpstreamFeeds, upstreamReport, type UpstreamReportRow } from "./upstreams/index.ts";

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
  const kv = await js.views.kv(config.INGEST_RELEASES_BUCKET, { bindOnly: true });
  return {
    total: (await kv.status()).values,
    async *events() {
      // The key listing is read to its end first: it is a consumer of its own, which does not wait for us.
      const keys: string[] = [];
      for await (const key of await kv.keys()) keys.push(key);
      for (const key of keys) {
        const entry = await kv.get(key);
        if (entry === null || entry.operation !== "PUT") continue;
        yield releaseEventFor(entry.json<ReleaseRecord>());
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
