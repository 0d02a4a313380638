import type { Express } from "express";
import type { Registry } from "prom-client";
import { finishServiceApp, serviceApp, type Logger, type ReadinessCheck } from "@gazette/shared";

export interface IndexerDeps {
  logger: Logger;
  readiness: readonly ReadinessCheck[];
  metrics: Registry;
}

/** The indexer's own HTTP surface: health and Prometheus metrics (it takes its work from NATS). */
export function createApp({ logger, readiness, metrics }: IndexerDeps): Express {
  return finishServiceApp(serviceApp({ service: "indexer", logger, readiness, metrics }), logger);
}
