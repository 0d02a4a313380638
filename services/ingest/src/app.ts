import type { Express, RequestHandler } from "express";
import type { Registry } from "prom-client";
import { finishServiceApp, serviceApp, type Logger, type ReadinessCheck } from "@gazette/shared";
import { authenticatePublisher, type PublisherRegistry, publisherRateLimit } from "./publishers/index.ts";
import { ingestOpenApiDocument } from "./openapi.ts";
import { releaseRoutes, type ReleaseService } from "./releases/index.ts";
import { upstreamRoutes, type UpstreamHubCallbacks } from "./upstreams/index.ts";
import { reportRoutes } from "./report-routes.ts";
import type { KV } from "@nats-io/kv";

export interface IngestDeps {
  logger: Logger;
  /** Requests a publisher may make a minute. */
  rateLimitPerMinute: number;
  registry: PublisherRegistry;
  releases: ReleaseService;
  readiness: readonly ReadinessCheck[];
  /** The pull adapter's report of a publisher's upstream feeds. */
  upstreams: (publisher: string) => Promise<unknown[]>;
  /** Where upstream hubs' verifications and notifications go (WebSub on the way in). */
  upstreamHub?: UpstreamHubCallbacks;
  /** Largest notification body a hub may send (as for a poll): INGEST_UPSTREAM_MAX_BYTES. */
  maxUpstreamBytes: number;
  /** Where requests are counted and timed (`GET /metrics`). */
  metrics?: Registry;
  /** The delivery reports' bucket (`GET /v1/report`, ADR 0017). */
  reports?: KV;
}

/** The publisher-facing HTTP API; listening is the caller's business. */
export function createApp({
  logger,
  registry,
  releases,
  readiness,
  rateLimitPerMinute,
  upstreams,
  upstreamHub,
  maxUpstreamBytes,
  metrics,
  reports,
}: IngestDeps): Express {
  const app = serviceApp({ service: "ingest", logger, readiness, ...(metrics === undefined ? {} : { metrics }) });
  app.set("trust proxy", false);
  const openApiDocument = JSON.stringify(ingestOpenApiDocument());
  app.get("/openapi.json", (_req, res) => {
    res.type("application/json").send(openApiDocument);
  });

  // Who is asking, then whether that publisher is within its rate limit.
  const identify = authenticatePublisher(registry);
  const limit = publisherRateLimit(rateLimitPerMinute);
  const authenticate: RequestHandler = (req, res, next) =>
    identify(req, res, (error?: unknown) => (error === undefined ? void limit(req, res, next) : next(error)));
  app.use(releaseRoutes(registry, releases, authenticate));
  app.use(upstreamRoutes({ upstreams, authenticate, upstreamHub, maxUpstreamBytes }));
  if (reports !== undefined) app.use(reportRoutes(reports, authenticate));
  return finishServiceApp(app, logger);
}
