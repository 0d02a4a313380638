import express, { type Express } from "express";
import type { Registry } from "prom-client";
import {
  healthRoutes,
  noSniff,
  notFoundHandler,
  problemErrorHandler,
  type Logger,
  type ReadinessCheck,
} from "@gazette/shared";

export interface IndexerDeps {
  logger: Logger;
  readiness: readonly ReadinessCheck[];
  metrics: Registry;
}

/** The indexer's own HTTP surface: health and Prometheus metrics (it takes its work from NATS). */
export function createApp({ logger, readiness, metrics }: IndexerDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(noSniff);
  app.use(healthRoutes(readiness));
  app.get("/metrics", async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  app.use(notFoundHandler);
  app.use(problemErrorHandler(logger));
  return app;
}
