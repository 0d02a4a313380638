import express, { type Express, type RequestHandler } from "express";
import { GazetteError, healthRoutes, notFoundHandler, problemErrorHandler, requestLogging, type Logger, type ReadinessCheck } from "@gazette/shared";
import { authenticatePublisher, publisherOf } from "./authenticate.ts";
import { normalizeReleaseInput } from "./normalize-release.ts";
import type { PublisherRegistry } from "./publisher-registry.ts";
import type { ReleaseService } from "./release-service.ts";

export interface IngestDeps {
  logger: Logger;
  registry: PublisherRegistry;
  releases: ReleaseService;
  readiness: readonly ReadinessCheck[];
}

/** Largest accepted request body. */
export const maxBodyBytes = 1024 * 1024;

const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is("application/json")) {
    next(new GazetteError("UNSUPPORTED_MEDIA_TYPE", "Send the release as JSON with `Content-Type: application/json`."));
    return;
  }
  next();
};

/** The publisher-facing HTTP API; listening is the caller's business. */
export function createApp({ logger, registry, releases, readiness }: IngestDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(requestLogging(logger));
  app.use(healthRoutes(readiness));

  const parseJson = express.json({ limit: maxBodyBytes, strict: false, type: "application/json" });
  app.post("/v1/releases", authenticatePublisher(registry), requireJson, parseJson, async (req, res) => {
    const input = normalizeReleaseInput(req.body);
    const result = await releases.submit(publisherOf(res).id, input, req.log);
    res.status(result.status === "unchanged" ? 200 : 202).json(result);
  });

  app.use(notFoundHandler);
  app.use(problemErrorHandler(logger));
  return app;
}
