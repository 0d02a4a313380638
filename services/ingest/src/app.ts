import express, { type Express, type RequestHandler, type Response } from "express";
import type { Registry } from "prom-client";
import {
  GazetteError,
  healthRoutes,
  httpMetrics,
  metricsRoute,
  noSniff,
  parseJsonBody,
  notFoundHandler,
  problemErrorHandler,
  requestLogging,
  type Logger,
  type ReadinessCheck,
} from "@gazette/shared";
import { authenticatePublisher, publisherOf } from "./authenticate.ts";
import { normalizeReleaseInput, parseWithdrawal } from "./normalize-release.ts";
import type { PublisherRegistry } from "./publisher-registry.ts";
import { batchItemsOf, submitBatch } from "./release-batch.ts";
import { ingestOpenApiDocument } from "./openapi.ts";
import { publisherRateLimit } from "./rate-limit.ts";
import { externalIdOf, releaseInPath } from "./release-path.ts";
import { recordStatus, releaseNotFound, type ReleaseService, type SubmissionResult } from "./release-service.ts";

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
  /** Largest notification body a hub may send (as for a poll). */
  maxUpstreamBytes?: number;
  /** Where requests are counted and timed (`GET /metrics`). */
  metrics?: Registry;
}

export interface UpstreamHubCallbacks {
  verifyIntent(key: string, query: Record<string, unknown>): Promise<string | undefined>;
  receiveNotification(
    key: string,
    body: Uint8Array,
    contentType: string | null,
    signature: string | undefined,
  ): Promise<"accepted" | "ignored" | "unknown">;
}

/** Largest accepted request body: one release. */
export const maxBodyBytes = 1024 * 1024;
/** Largest accepted batch body (up to 100 releases). */
export const maxBatchBodyBytes = 10 * 1024 * 1024;

const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is("application/json")) {
    next(new GazetteError("UNSUPPORTED_MEDIA_TYPE", "Send the release as JSON with `Content-Type: application/json`."));
    return;
  }
  next();
};

/** The publisher-facing HTTP API; listening is the caller's business. */
export function createApp({
  logger,
  registry,
  releases,
  readiness,
  rateLimitPerMinute,
  upstreams,
  upstreamHub,
  maxUpstreamBytes = 20 * 1024 * 1024,
  metrics,
}: IngestDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(noSniff);
  app.set("trust proxy", false);
  app.use(requestLogging(logger));
  if (metrics !== undefined) {
    app.use(httpMetrics(metrics, "ingest"));
    // Prometheus scrapes this; keep it internal (a reverse proxy should not route /metrics).
    app.get("/metrics", metricsRoute(metrics));
  }
  app.use(healthRoutes(readiness));

  const openApiDocument = JSON.stringify(ingestOpenApiDocument());
  app.get("/openapi.json", (_req, res) => {
    res.type("application/json").send(openApiDocument);
  });

  const parseJson = parseJsonBody(maxBodyBytes);
  // Who is asking, then whether that publisher is within its rate limit.
  const identify = authenticatePublisher(registry);
  const limit = publisherRateLimit(rateLimitPerMinute);
  const authenticate: RequestHandler = (req, res, next) =>
    identify(req, res, (error?: unknown) => (error === undefined ? void limit(req, res, next) : next(error)));
  const ownRelease = releaseInPath(registry, releases);
  const answer = (res: Response, result: SubmissionResult) =>
    res.status(result.status === "unchanged" ? 200 : 202).json(result);

  // Up to 100 releases; always 200 with a result per item, in order (one bad item fails only itself).
  const parseBatchJson = parseJsonBody(maxBatchBodyBytes);
  app.post("/v1/releases\\:batch", authenticate, requireJson, parseBatchJson, async (req, res) => {
    const publisher = publisherOf(res).id;
    const results = await submitBatch(
      batchItemsOf(req.body),
      (item) => releases.submit(publisher, normalizeReleaseInput(item), req.log),
      req.log,
    );
    res.json({ results });
  });

  app.post("/v1/releases", authenticate, requireJson, parseJson, async (req, res) => {
    answer(res, await releases.submit(publisherOf(res).id, normalizeReleaseInput(req.body), req.log));
  });

  // The same as POST, with the externalId in the path (a body may repeat it, but not contradict it).
  app.put("/v1/releases/:externalId", authenticate, ownRelease, requireJson, parseJson, async (req, res) => {
    const externalId = externalIdOf(res);
    const body: unknown = req.body;
    const fields =
      typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    if (fields !== undefined && "externalId" in fields && fields["externalId"] !== externalId) {
      throw new GazetteError("VALIDATION_FAILED", "The body's externalId differs from the one in the path.", {
        extensions: { errors: [{ field: "externalId", message: "differs from the path" }] },
      });
    }
    // Anything but an object goes to normalizeReleaseInput as it is, to be refused there.
    const input = normalizeReleaseInput(fields === undefined ? body : { ...fields, externalId });
    answer(res, await releases.submit(publisherOf(res).id, input, req.log));
  });

  app.delete("/v1/releases/:externalId", authenticate, ownRelease, requireJson, parseJson, async (req, res) => {
    const externalId = externalIdOf(res);
    answer(res, await releases.withdraw(publisherOf(res).id, externalId, parseWithdrawal(req.body).reason, req.log));
  });

  app.get("/v1/releases/:externalId/versions", authenticate, ownRelease, async (_req, res) => {
    const externalId = externalIdOf(res);
    const versions = await releases.versions(publisherOf(res).id, externalId);
    if (versions.length === 0) throw releaseNotFound(externalId);
    res.json({ versions });
  });

  // A key sees only its own publisher's releases: an externalId is always the caller's own.
  app.get("/v1/releases/:externalId", authenticate, ownRelease, async (_req, res) => {
    const externalId = externalIdOf(res);
    const record = await releases.current(publisherOf(res).id, externalId);
    if (record === undefined) throw releaseNotFound(externalId);
    res.json({
      status: recordStatus(record, new Date()),
      release: record.release,
      ...(record.withdrawal === undefined ? {} : { withdrawal: record.withdrawal }),
    });
  });

  // The pull adapter's report: the caller's own upstream feeds, their last poll and what it found.
  app.get("/v1/upstreams", authenticate, async (_req, res) => {
    res.json({ upstreams: await upstreams(publisherOf(res).id) });
  });

  // WebSub callbacks of upstream hubs: no key (the hub is not a publisher); the notification's HMAC
  // signature with the subscription's secret is what is checked.
  if (upstreamHub !== undefined) {
    app.get("/websub/upstreams/:key", async (req, res) => {
      const challenge = await upstreamHub.verifyIntent(String(req.params["key"]), req.query as Record<string, unknown>);
      if (challenge === undefined)
        throw new GazetteError("NOT_FOUND", "No subscription of this ingest matches this verification.");
      res.status(200).type("text/plain").send(challenge);
    });
    app.post("/websub/upstreams/:key", express.raw({ type: () => true, limit: maxUpstreamBytes }), async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await upstreamHub.receiveNotification(
        String(req.params["key"]),
        body,
        req.get("content-type") ?? null,
        req.get("x-hub-signature"),
      );
      if (outcome === "unknown")
        throw new GazetteError("NOT_FOUND", "No subscription of this ingest has this callback.");
      res.status(202).end();
    });
  }

  app.use(notFoundHandler);
  app.use(problemErrorHandler(logger));
  return app;
}
