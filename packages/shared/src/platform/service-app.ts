import express, { type ErrorRequestHandler, type Express } from "express";
import type { Registry } from "prom-client";
import { type ReadinessCheck, healthRoutes } from "./health.ts";
import { httpMetrics, metricsRoute, type RequestMetrics } from "./http-metrics.ts";
import { noSniff, notFoundHandler, problemErrorHandler } from "./http-problems.ts";
import type { Logger } from "./logger.ts";
import { requestLogging } from "./request-logging.ts";

export interface ServiceAppOptions {
  /** The service's name, as request metrics label it. */
  service: string;
  logger: Logger;
  readiness: readonly ReadinessCheck[];
  /** Where requests are counted and timed, served at GET /metrics (keep it internal: a proxy should not route it). */
  metrics?: Registry;
  /** Middleware that must run before everything else (e.g. compression). */
  before?: express.RequestHandler[];
  /** The request metrics, when the service made them itself (to count requests a fast path answers). */
  requestMetrics?: RequestMetrics;
}

/**
 * What every service's HTTP app starts with: no `X-Powered-By`, `nosniff`, request logs with request
 * ids, request metrics and GET /metrics, and the health probes. The service's routes follow, then
 * `finishServiceApp`.
 */
export function serviceApp(options: ServiceAppOptions): Express {
  const { service, logger, readiness, metrics, before = [] } = options;
  const app = express();
  app.disable("x-powered-by");
  app.use(noSniff);
  for (const handler of before) app.use(handler);
  app.use(requestLogging(logger));
  if (metrics !== undefined) {
    app.use(options.requestMetrics ?? httpMetrics(metrics, service));
    app.get("/metrics", metricsRoute(metrics));
  }
  app.use(healthRoutes(readiness));
  return app;
}

/** What every service's HTTP app ends with: 404 as a problem, then every error as problem+json (after `errorPages`). */
export function finishServiceApp(app: Express, logger: Logger, errorPages: ErrorRequestHandler[] = []): Express {
  app.use(notFoundHandler);
  for (const handler of errorPages) app.use(handler);
  app.use(problemErrorHandler(logger));
  return app;
}
