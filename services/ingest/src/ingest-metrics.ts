import { Counter, type Registry } from "prom-client";
import { createMetricsRegistry } from "@gazette/shared";

/** Ingest's Prometheus metrics (besides requests by route and status, 429s among them, which every service has). */
export interface IngestMetrics {
  registry: Registry;
  /** Pull adapter: polls (and hub notifications) by upstream URL and outcome. */
  upstreamPolls: Counter<"upstream" | "outcome">;
  /** Pull adapter: entries submitted, unchanged and skipped, by upstream. */
  upstreamEntries: Counter<"upstream" | "result">;
}

export function createIngestMetrics(): IngestMetrics {
  const registry = createMetricsRegistry("ingest");
  const registers = [registry];
  return {
    registry,
    upstreamPolls: new Counter({
      name: "gazette_ingest_upstream_polls_total",
      help: "Upstream polls and hub notifications, by upstream and outcome (fetched, not-modified, failed, elsewhere, websub)",
      labelNames: ["upstream", "outcome"],
      registers,
    }),
    upstreamEntries: new Counter({
      name: "gazette_ingest_upstream_entries_total",
      help: "Upstream entries, by upstream and result (submitted, unchanged, skipped)",
      labelNames: ["upstream", "result"],
      registers,
    }),
  };
}
