import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";

const acceptableRequestId = /^[\w.-]{1,128}$/;

/**
 * One pino child logger per request (`req.log`), carrying the request id: the caller's
 * `X-Request-Id` when it is sane, else a new UUID; echoed in the response. Health probes are not logged.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && acceptableRequestId.test(given) ? given : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/readyz" },
  });
}
