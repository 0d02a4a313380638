import type { RequestHandler } from "express";
import { GazetteError } from "@gazette/shared";
import { publisherOf, type PublisherRegistry } from "../publishers/index.ts";
import type { ReleaseService } from "./release-service.ts";

const releaseIdPattern = /^(.+)-[0-9a-f]{32}$/;

/** The externalId a request's path names, as set by `releaseInPath`. */
export function externalIdOf(res: { locals: Record<string, unknown> }): string {
  return res.locals["externalId"] as string;
}

/**
 * Reads `:externalId`, which may also be Gazette's release id (`<publisher>-<32 hex>`). Another
 * publisher's release id is 403 whether or not that release exists, so a key learns nothing of other
 * publishers' releases; the caller's own release id stands for that release's externalId.
 */
export function releaseInPath(registry: PublisherRegistry, releases: ReleaseService): RequestHandler {
  const publisherIds = () => new Set(registry.publishers.map((publisher) => publisher.id));
  return async (req, res, next) => {
    const segment = (req.params as { externalId: string }).externalId;
    const caller = publisherOf(res).id;
    const owner = releaseIdPattern.exec(segment)?.[1];
    if (owner !== undefined && owner !== caller && publisherIds().has(owner)) {
      throw new GazetteError(
        "FORBIDDEN",
        `This key belongs to publisher ${caller}; it may not read or change another publisher's releases.`,
      );
    }
    const own = owner === caller ? await releases.byId(segment) : undefined;
    res.locals["externalId"] = own?.release.externalId ?? segment;
    next();
  };
}
