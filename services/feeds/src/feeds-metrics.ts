import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { createMetricsRegistry } from "@gazette/shared";

/** Feeds' Prometheus metrics (besides requests by route and status, which every service has). */
export interface FeedsMetrics {
  registry: Registry;
  feedCacheHits: Counter;
  feedCacheMisses: Counter;
  searchCacheHits: Counter;
  searchCacheMisses: Counter;
  feedBuildSeconds: Histogram;
  websubDeliveries: Counter<"outcome">;
}

export function createFeedsMetrics(cacheSize: () => number): FeedsMetrics {
  const registry = createMetricsRegistry("feeds");
  const registers = [registry];
  new Gauge({
    name: "gazette_feeds_feed_cache_entries",
    help: "Rendered feeds kept in memory",
    registers,
    collect() {
      this.set(cacheSize());
    },
  });
  return {
    registry,
    feedCacheHits: new Counter({
      name: "gazette_feeds_feed_cache_hits_total",
      help: "Feed requests answered from memory",
      registers,
    }),
    searchCacheHits: new Counter({
      name: "gazette_feeds_search_cache_hits_total",
      help: "Searches answered from memory",
      registers,
    }),
    searchCacheMisses: new Counter({
      name: "gazette_feeds_search_cache_misses_total",
      help: "Searches that ran against the index",
      registers,
    }),
    feedCacheMisses: new Counter({
      name: "gazette_feeds_feed_cache_misses_total",
      help: "Feed requests that built the feed",
      registers,
    }),
    feedBuildSeconds: new Histogram({
      name: "gazette_feeds_feed_build_duration_seconds",
      help: "Time to build a feed (query and render)",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    websubDeliveries: new Counter({
      name: "gazette_feeds_websub_deliveries_total",
      help: "WebSub content deliveries, by outcome (delivered, retried, gone, given_up)",
      labelNames: ["outcome"],
      registers,
    }),
  };
}
