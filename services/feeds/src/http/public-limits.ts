import type { Request, RequestHandler, Response } from "express";
import { rateLimit } from "express-rate-limit";
import helmet from "helmet";
import { GazetteError } from "@gazette/shared";

/**
 * Requests one client address may make a minute (a fixed window, counted in this process): over it,
 * a 429 problem with `Retry-After` and the IETF `RateLimit` headers. The address is the connection's,
 * or X-Forwarded-For's when a trusted proxy sent it (the app's "trust proxy").
 */
export function clientRateLimit(requestsPerMinute: number, what: string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: requestsPerMinute,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    identifier: what,
    handler: (_req, res, next) => {
      const retryAfter = String(res.getHeader("Retry-After") ?? "60");
      next(
        new GazetteError(
          "RATE_LIMITED",
          `At most ${requestsPerMinute} ${what} a minute from one address; retry after ${retryAfter} s.`,
          { headers: { "Retry-After": retryAfter } },
        ),
      );
    },
  });
}

/** Runs a limiter inside a handler (for work that is expensive only sometimes, e.g. a feed not yet cached). */
export function withinLimit(limiter: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise(
    (resolve, reject) => void limiter(req, res, (error?: unknown) => (error === undefined ? resolve() : reject(error))),
  );
}

/**
 * HTML pages: a strict Content-Security-Policy (no script at all, styles only from here, images from
 * anywhere over https as releases carry ministries' photos, forms only to here, never framed), no
 * referrer beyond the origin. Feeds and JSON keep their cross-origin readability (no CORP/COEP).
 */
const securityHeaders: RequestHandler = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "https:", "data:"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: false,
  strictTransportSecurity: false,
});

/**
 * What every page answers with: the security headers, and `Vary: Accept-Language` where the page's
 * language was chosen from that header (no `?hl=`), so caches keep one page per language.
 */
export const pageSecurityHeaders: RequestHandler = (req, res, next) => {
  if ((req.query as Record<string, unknown> | undefined)?.["hl"] === undefined) res.vary("Accept-Language");
  securityHeaders(req, res, next);
};
