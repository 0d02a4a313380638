import type { RequestHandler } from "express";
import { GazetteError } from "@gazette/shared";
import type { Publisher, PublisherRegistry } from "./publisher-registry.ts";

const challenge = 'Bearer realm="gazette-ingest"';

/** Requests that passed authentication carry their publisher here. */
export function publisherOf(res: { locals: Record<string, unknown> }): Publisher {
  return res.locals["publisher"] as Publisher;
}

/** Bearer API key → publisher; 401 with WWW-Authenticate when missing or unknown. */
export function authenticatePublisher(registry: PublisherRegistry): RequestHandler {
  return (req, res, next) => {
    const header = req.get("authorization");
    const match = header === undefined ? null : /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
    if (match === null) {
      next(
        new GazetteError("UNAUTHENTICATED", "Send the API key as `Authorization: Bearer <key>`.", {
          headers: { "WWW-Authenticate": challenge },
        }),
      );
      return;
    }
    const publisher = registry.authenticate(match[1]!);
    if (publisher === undefined) {
      next(
        new GazetteError("UNAUTHENTICATED", "The API key is not valid.", {
          headers: { "WWW-Authenticate": `${challenge}, error="invalid_token"` },
        }),
      );
      return;
    }
    res.locals["publisher"] = publisher;
    req.log?.setBindings({ publisher: publisher.id });
    next();
  };
}
