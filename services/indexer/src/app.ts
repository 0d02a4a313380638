import express, { type Express } from "express";
import { healthRoutes, notFoundHandler, problemErrorHandler, type Logger, type ReadinessCheck } from "@gazette/shared";

export interface IndexerDeps {
  logger: Logger;
  readiness: readonly ReadinessCheck[];
}

/** The indexer's own HTTP surface: health only (it takes its work from NATS). */
export function createApp({ logger, readiness }: IndexerDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(healthRoutes(readiness));
  app.use(notFoundHandler);
  app.use(problemErrorHandler(logger));
  return app;
}
