import { isUtf8 } from "node:buffer";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import type { Logger } from "pino";
import { GazetteError, toProblem } from "../contract/index.ts";

export const problemContentType = "application/problem+json";

/** Turns what body-parser and friends throw (they set `type` and `status`) into catalogue errors. */
function fromHttpError(error: unknown): GazetteError | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (type === invalidUtf8Type)
    return new GazetteError(
      "INVALID_UTF8",
      "The body is not valid UTF-8; JSON bodies must be UTF-8 (RFC 8259). Nothing was stored.",
      { cause: error },
    );
  if (type === "entity.parse.failed")
    return new GazetteError("MALFORMED_JSON", "The body could not be parsed as JSON.", { cause: error });
  if (type === "entity.too.large")
    return new GazetteError("PAYLOAD_TOO_LARGE", "The body is larger than this endpoint accepts.", { cause: error });
  if (type === "charset.unsupported" || type === "encoding.unsupported") {
    return new GazetteError("UNSUPPORTED_MEDIA_TYPE", "The body's charset or content encoding is not supported.", {
      cause: error,
    });
  }
  if (typeof status === "number" && status >= 400 && status < 500) {
    return new GazetteError("VALIDATION_FAILED", "The request could not be read.", { cause: error });
  }
  return undefined;
}

const invalidUtf8Type = "entity.utf8.invalid";

/**
 * A JSON body parser that refuses bytes that are not UTF-8 (body-parser would decode them to U+FFFD and
 * store the damage silently). `limit` in bytes.
 */
export function parseJsonBody(limit: number): RequestHandler {
  return express.json({
    limit,
    strict: false,
    type: "application/json",
    verify: (_req, _res, body) => {
      if (!isUtf8(body)) throw Object.assign(new Error("body is not valid UTF-8"), { type: invalidUtf8Type });
    },
  });
}

/**
 * The single place where errors become HTTP responses: RFC 9457 problem+json. Anything that is not a
 * GazetteError (or a client error from a body parser) is logged and answered as a 500 without details.
 */
export function problemErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof GazetteError ? error : fromHttpError(error);
    const requestLog = (req as { log?: Logger }).log ?? logger;
    const problemError = known ?? new GazetteError("INTERNAL", "An unexpected error occurred.", { cause: error });
    if (known === undefined) requestLog.error({ err: error }, "unhandled error");
    else if (problemError.status >= 500)
      requestLog.warn({ err: error, code: problemError.code }, "service unavailable");
    else requestLog.info({ code: problemError.code, detail: problemError.message }, "client error");
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(problemError.status).set(problemError.headers).type(problemContentType);
    res.send(JSON.stringify(toProblem(problemError, req.originalUrl)));
  };
}

/** Last route: anything unmatched is a 404 problem. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new GazetteError("NOT_FOUND", `No resource at ${req.method} ${req.path}.`));
};

/** Every response: browsers must not guess another type than the one sent (feeds, JSON and pages alike). */
export const noSniff: RequestHandler = (_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  next();
};
