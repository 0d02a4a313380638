/**
 * The buckets a backup holds (everything Gazette cannot rebuild), by their names in this deployment:
 * the record of truth with its versions, the publishers' names, the pull adapter's poll state, the
 * WebSub subscriptions and the delivery reports. Not the release events (ingest's relay publishes
 * them again from the record of truth), nor watermarks and locks (they live seconds). ADR 0022.
 */
import { loadFeedsConfig } from "@gazette/feeds";
import { loadIngestConfig } from "@gazette/ingest";
import type { BackupSource } from "./backup.ts";

/** The settings of `env`, read for names only (a production shell's other requirements do not apply here). */
export function gazetteBuckets(env: Record<string, string | undefined>): BackupSource[] {
  const names = { ...env, NODE_ENV: undefined };
  const ingest = loadIngestConfig(names);
  const feeds = loadFeedsConfig(names);
  return [
    { role: "releases", bucket: ingest.INGEST_RELEASES_BUCKET },
    { role: "publishers", bucket: ingest.PUBLISHERS_BUCKET },
    { role: "upstreams", bucket: ingest.INGEST_UPSTREAMS_BUCKET },
    { role: "websub", bucket: feeds.FEEDS_WEBSUB_BUCKET },
    { role: "reports", bucket: ingest.REPORTS_BUCKET },
  ];
}
