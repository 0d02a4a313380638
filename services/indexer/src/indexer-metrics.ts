import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The indexer's Prometheus metrics, in a registry of its own. */
export interface IndexerMetrics {
  registry: Registry;
  documentsIndexed: Counter;
  staleSkipped: Counter;
  failures: Counter<"kind">;
  deadLetters: Counter;
  /** Events refused before any write, by kind (forged, unsigned, misaddressed, malformed). */
  rejectedEvents: Counter<"kind">;
  redelivered: Counter;
  bulkDuration: Histogram;
  /** 1 while this indexer rebuilds a lost index. */
  rebuilding: Gauge;
}

/** `pending` is asked for at scrape time: events not yet delivered plus delivered but not acked. */
export function createIndexerMetrics(pending: () => Promise<number>): IndexerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "gazette_indexer_" });
  const registers = [registry];
  new Gauge({
    name: "gazette_indexer_consumer_pending",
    help: "Release events waiting for the indexer (consumer lag): undelivered plus unacknowledged",
    registers,
    async collect() {
      this.set(await pending().catch(() => Number.NaN));
    },
  });
  return {
    registry,
    documentsIndexed: new Counter({
      name: "gazette_indexer_documents_indexed_total",
      help: "Documents OpenSearch accepted",
      registers,
    }),
    staleSkipped: new Counter({
      name: "gazette_indexer_stale_events_total",
      help: "Events skipped because the index held that or a newer version",
      registers,
    }),
    failures: new Counter({
      name: "gazette_indexer_failures_total",
      help: "Failed writes, by kind (bulk: the whole request; retry: one document; rejected: one document refused)",
      labelNames: ["kind"],
      registers,
    }),
    rejectedEvents: new Counter({
      name: "gazette_indexer_rejected_events_total",
      help: "Release events refused before any write (and sent to dead letters), by kind: forged (a signature that does not match), unsigned, misaddressed (a subject not the release's publisher), malformed",
      labelNames: ["kind"],
      registers,
    }),
    rebuilding: new Gauge({
      name: "gazette_indexer_rebuilding",
      help: "1 while this indexer rebuilds a lost index from the record of truth (feeds answer search 503 meanwhile)",
      registers,
    }),
    deadLetters: new Counter({
      name: "gazette_indexer_dead_letters_total",
      help: "Events sent to the dead-letter stream",
      registers,
    }),
    redelivered: new Counter({
      name: "gazette_indexer_redelivered_events_total",
      help: "Events delivered more than once (naked for a retry, or held past the ack wait by a process that died)",
      registers,
    }),
    bulkDuration: new Histogram({
      name: "gazette_indexer_bulk_duration_seconds",
      help: "Duration of _bulk requests",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };
}
