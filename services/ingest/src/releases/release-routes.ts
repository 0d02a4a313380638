import { type RequestHandler, type Response, Router } from "express";
import { GazetteError, parseJsonBody } from "@gazette/shared";
import { publisherOf, linksOf, type PublisherRegistry } from "../publishers/index.ts";
import { normalizeReleaseInput, parseWithdrawal } from "./normalize-release.ts";
import { batchItemsOf, submitBatch } from "./release-batch.ts";
import { externalIdOf, releaseInPath } from "./release-path.ts";
import { recordStatus, releaseNotFound, type ReleaseService, type SubmissionResult } from "./release-service.ts";

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

const answer = (res: Response, result: SubmissionResult) =>
  res.status(result.status === "unchanged" ? 200 : 202).json(result);

/** The releases API: submit (one or a batch), replace, withdraw, read back, list versions. */
export function releaseRoutes(
  registry: PublisherRegistry,
  releases: ReleaseService,
  authenticate: RequestHandler,
): Router {
  const router = Router();
  const parseJson = parseJsonBody(maxBodyBytes);
  const ownRelease = releaseInPath(registry, releases);

  // Up to 100 releases; always 200 with a result per item, in order (one bad item fails only itself).
  const parseBatchJson = parseJsonBody(maxBatchBodyBytes);
  router.post("/v1/releases\\:batch", authenticate, requireJson, parseBatchJson, async (req, res) => {
    const publisher = publisherOf(res);
    const results = await submitBatch(
      batchItemsOf(req.body),
      (item) => releases.submit(publisher.id, normalizeReleaseInput(item, linksOf(publisher)), req.log),
      req.log,
    );
    res.json({ results });
  });
  router.post("/v1/releases", authenticate, requireJson, parseJson, async (req, res) => {
    const publisher = publisherOf(res);
    answer(res, await releases.submit(publisher.id, normalizeReleaseInput(req.body, linksOf(publisher)), req.log));
  });

  // The same as POST, with the externalId in the path (a body may repeat it, but not contradict it).
  router.put("/v1/releases/:externalId", authenticate, ownRelease, requireJson, parseJson, async (req, res) => {
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
    const input = normalizeReleaseInput(
      fields === undefined ? body : { ...fields, externalId },
      linksOf(publisherOf(res)),
    );
    answer(res, await releases.submit(publisherOf(res).id, input, req.log));
  });

  router.delete("/v1/releases/:externalId", authenticate, ownRelease, requireJson, parseJson, async (req, res) => {
    const externalId = externalIdOf(res);
    answer(res, await releases.withdraw(publisherOf(res).id, externalId, parseWithdrawal(req.body).reason, req.log));
  });

  router.get("/v1/releases/:externalId/versions", authenticate, ownRelease, async (_req, res) => {
    const externalId = externalIdOf(res);
    const versions = await releases.versions(publisherOf(res).id, externalId);
    if (versions.length === 0) throw releaseNotFound(externalId);
    res.json({ versions });
  });

  // A key sees only its own publisher's releases: an externalId is always the caller's own.
  router.get("/v1/releases/:externalId", authenticate, ownRelease, async (_req, res) => {
    const externalId = externalIdOf(res);
    const record = await releases.current(publisherOf(res).id, externalId);
    if (record === undefined) throw releaseNotFound(externalId);
    res.json({
      status: recordStatus(record, new Date()),
      release: record.release,
      ...(record.withdrawal === undefined ? {} : { withdrawal: record.withdrawal }),
    });
  });

  return router;
}
