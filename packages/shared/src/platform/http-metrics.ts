import type { RequestHandler } from "express";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** A service's Prometheus registry with the Node process metrics, prefixed `gazette_<service>_`. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: `gazette_${service}_` });
  return registry;
}

/**
 * Requests by route and status, and their latency, for every request but the health probes and the
 * scrape itself. The route is the matched pattern (`/v1/releases/:externalId`), never the raw path, so
 * the label set stays small.
 */
export function httpMetrics(registry: Registry, service: string): RequestMetrics {
  const labelNames = ["method", "route", "status"] as const;
  const beforeScrape: (() => void)[] = [];
  const requests = new Counter({
    name: `gazette_${service}_http_requests_total`,
    help: "HTTP requests answered, by method, route and status",
    labelNames,
    registers: [registry],
    collect() {
      for (const hook of beforeScrape) hook();
    },
  });
  const duration = new Histogram({
    name: `gazette_${service}_http_request_duration_seconds`,
    help: "Time to answer an HTTP request, by method, route and status",
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const record = (method: string, route: string, status: number, seconds: number) => {
    const labels = { method, route, status: String(status) };
    requests.inc(labels);
    duration.observe(labels, seconds);
  };
  const count = (method: string, route: string, status: number, answered: number) =>
    requests.inc({ method, route, status: String(status) }, answered);
  const handler: RequestHandler = (req, res, next) => {
    if (req.path === "/healthz" || req.path === "/readyz" || req.path === "/metrics") return next();
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      const route =
        req.route === undefined ? "(unmatched)" : `${req.baseUrl}${String((req.route as { path: string }).path)}`;
      record(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
  return Object.assign(handler, { count, beforeScrape: (hook: () => void) => beforeScrape.push(hook) });
}

/** The request-metrics middleware, and ways to count requests answered before it (a fast path). */
export type RequestMetrics = RequestHandler & {
  /** Adds `answered` requests to the request counter (not the latency histogram). */
  count(method: string, route: string, status: number, answered: number): void;
  /** Runs `hook` when the counter is scraped (to add what a fast path tallied meanwhile). */
  beforeScrape(hook: () => void): void;
};

/** `GET /metrics` in Prometheus' text format. */
export function metricsRoute(registry: Registry): RequestHandler {
  return async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  };
}
