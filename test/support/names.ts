import { randomBytes } from "node:crypto";

/** Stream, subjects, consumer, bucket and index names of one test, so runs and files never collide. */
export function uniqueNames(label: string) {
  const suffix = `${label}-${randomBytes(4).toString("hex")}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  return {
    NATS_STREAM: `T_${suffix.replaceAll("-", "_").toUpperCase()}`,
    NATS_SUBJECT_PREFIX: `test.${suffix}`,
    INDEXER_DURABLE: `indexer-${suffix}`,
    INGEST_RELEASES_BUCKET: `releases-${suffix}`,
    INGEST_UPSTREAMS_BUCKET: `upstreams-${suffix}`,
    OPENSEARCH_INDEX: `releases-${suffix}`,
    REPORTS_BUCKET: `reports-${suffix}`,
  };
}
