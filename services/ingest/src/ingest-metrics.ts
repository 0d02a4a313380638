import { Counter, Gauge, type Registry } from "prom-client";
import { createMetricsRegistry } from "@gazette/shared";

/** What the pull adapter's gauges read when Prometheus scrapes. */
interface PullAdapterGauges {
  stats(): {
    inFlight: number;
    queued: number;
    inFlightByHost: Map<string, number>;
    hostsBackedOff: Map<string, number>;
  };
}

/** Ingest's Prometheus metrics (besides requests by route and status, 429s among them, which every service has). */
export interface IngestMetrics {
  registry: Registry;
  /** Pull adapter: polls (and hub notifications) by upstream URL and outcome. */
  upstreamPolls: Counter<"upstream" | "outcome">;
  /** Pull adapter: entries submitted, unchanged and skipped, by upstream. */
  upstreamEntries: Counter<"upstream" | "result">;
  /** Reads the pull adapter's scheduler (polls in flight, queued, by host) and parse pool at every scrape; counts its polls. */
  observePullAdapter(
    adapter: PullAdapterGauges,
    poller: {
      observe(
        listener: (
          feed: { url: string },
          outcome: string,
          report: { submitted: number; unchanged: number; skipped: unknown[] },
        ) => void,
      ): void;
    },
  ): void;
}

export function createIngestMetrics(): IngestMetrics {
  const registry = createMetricsRegistry("ingest");
  const registers = [registry];
  const upstreamPolls = new Counter({
    name: "gazette_ingest_upstream_polls_total",
    help: "Upstream polls and hub notifications, by upstream and outcome (fetched, not-modified, failed, elsewhere, websub)",
    labelNames: ["upstream", "outcome"],
    registers,
  });
  const upstreamEntries = new Counter({
    name: "gazette_ingest_upstream_entries_total",
    help: "Upstream entries, by upstream and result (submitted, unchanged, skipped)",
    labelNames: ["upstream", "result"],
    registers,
  });
  return {
    registry,
    upstreamPolls,
    upstreamEntries,
    observePullAdapter(adapter, poller) {
      new Gauge({
        name: "gazette_ingest_upstream_polls_in_flight",
        help: "Upstream polls running now (at most INGEST_UPSTREAM_CONCURRENCY)",
        registers,
        collect() {
          this.set(adapter.stats().inFlight);
        },
      });
      new Gauge({
        name: "gazette_ingest_upstream_polls_queued",
        help: "Upstreams due and waiting for a slot (a global one or their host's)",
        registers,
        collect() {
          this.set(adapter.stats().queued);
        },
      });
      new Gauge({
        name: "gazette_ingest_upstream_host_polls_in_flight",
        help: "Upstream polls running now, by host (at most INGEST_UPSTREAM_PER_HOST)",
        labelNames: ["host"],
        registers,
        collect() {
          this.reset();
          for (const [host, count] of adapter.stats().inFlightByHost) this.set({ host }, count);
        },
      });
      new Gauge({
        name: "gazette_ingest_upstream_hosts_backed_off",
        help: "Hosts that asked every client to wait (429 or 503 with Retry-After)",
        registers,
        collect() {
          this.set(adapter.stats().hostsBackedOff.size);
        },
      });
      poller.observe((feed, outcome, report) => {
        upstreamPolls.inc({ upstream: feed.url, outcome });
        upstreamEntries.inc({ upstream: feed.url, result: "submitted" }, report.submitted);
        upstreamEntries.inc({ upstream: feed.url, result: "unchanged" }, report.unchanged);
        upstreamEntries.inc({ upstream: feed.url, result: "skipped" }, report.skipped.length);
      });
    },
  };
}
