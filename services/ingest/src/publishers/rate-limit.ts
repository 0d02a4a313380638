import { rateLimit } from "express-rate-limit";
import type { RequestHandler } from "express";
import { GazetteError } from "@gazette/shared";
import { publisherOf } from "./authenticate.ts";

/**
 * Per-publisher request limit over a fixed one-minute window (after authentication, keyed by the
 * publisher, so all of one publisher's keys share it). Over it: 429 problem with `Retry-After` and the
 * IETF `RateLimit` / `RateLimit-Policy` headers. Counts are kept in this process.
 */
export function publisherRateLimit(requestsPerMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: requestsPerMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    identifier: "publisher",
    keyGenerator: (_req, res) => publisherOf(res).id,
    handler: (_req, res, next) => {
      const retryAfter = String(res.getHeader("Retry-After") ?? "60");
      next(
        new GazetteError(
          "RATE_LIMITED",
          `This publisher may send ${requestsPerMinute} requests a minute; retry after ${retryAfter} s.`,
          { headers: { "Retry-After": retryAfter } },
        ),
      );
    },
  });
}
