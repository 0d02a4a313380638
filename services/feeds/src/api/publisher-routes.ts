import { type RequestHandler, Router } from "express";
import type { ReleaseReader } from "../read/index.ts";
import { publisherListing, renderPublishersOpml, type PublisherEntry } from "../discovery/index.ts";

export interface PublisherRoutesOptions {
  releases: ReleaseReader;
  publicBaseUrl: string;
  /** The ministries the registry knows, with their names. */
  registry: () => readonly PublisherEntry[];
  readLimit: RequestHandler;
}

/** How long caches may keep the list (it changes when a ministry is added or first publishes). */
const maxAgeSeconds = 300;

/** `GET /v1/publishers` and `GET /feeds/publishers.opml`. */
export function publisherRoutes(options: PublisherRoutesOptions): Router {
  const router = Router();
  const listing = async () =>
    publisherListing(options.registry(), await options.releases.overview(), options.publicBaseUrl);
  router.get("/v1/publishers", options.readLimit, async (_req, res) => {
    res.set("Cache-Control", `public, max-age=${maxAgeSeconds}`).json({ publishers: await listing() });
  });
  router.get("/feeds/publishers.opml", options.readLimit, async (_req, res) => {
    res
      .set("Cache-Control", `public, max-age=${maxAgeSeconds}`)
      .type("text/x-opml; charset=utf-8")
      .send(renderPublishersOpml(await listing(), options.publicBaseUrl));
  });
  return router;
}
