import { type RequestHandler, Router } from "express";
import { GazetteError } from "@gazette/shared";
import type { ReleaseReader, SearchAfter, SitemapEntry } from "../read/index.ts";
import type { PublisherEntry } from "./publisher-listing.ts";
import { releaseUrls, renderSitemapIndex, renderUrlSet, robotsTxt, sitemapFileOf, urlsPerSitemap } from "./sitemap.ts";

export interface DiscoveryRoutesOptions {
  releases: ReleaseReader;
  publicBaseUrl: string;
  registry: () => readonly PublisherEntry[];
  readLimit: RequestHandler;
}

const xml = "application/xml; charset=utf-8";
const maxAge = "public, max-age=3600";
/** Entries read from the index at a time (under OpenSearch's window of 10,000). */
const chunk = 5000;

/** `/robots.txt`, `/sitemap.xml` and its files. */
export function discoveryRoutes(options: DiscoveryRoutesOptions): Router {
  const { releases, publicBaseUrl } = options;
  const router = Router();
  router.get("/robots.txt", (_req, res) => {
    res.set("Cache-Control", maxAge).type("text/plain; charset=utf-8").send(robotsTxt(publicBaseUrl));
  });
  router.get("/sitemap.xml", options.readLimit, async (_req, res) => {
    res
      .set("Cache-Control", maxAge)
      .type(xml)
      .send(renderSitemapIndex(publicBaseUrl, await releases.sitemapMonths()));
  });
  router.get("/sitemap-pages.xml", options.readLimit, async (_req, res) => {
    const overview = await releases.overview();
    const ids = new Set([...options.registry().map((entry) => entry.id), ...overview.publishers.map((f) => f.value)]);
    const urls = [
      { loc: `${publicBaseUrl}/` },
      ...[...ids].sort().map((id) => ({ loc: `${publicBaseUrl}/publishers/${encodeURIComponent(id)}` })),
    ];
    res.set("Cache-Control", maxAge).type(xml).send(renderUrlSet(urls));
  });
  router.get(/^\/sitemap-([0-9-]+)\.xml$/, options.readLimit, async (req, res) => {
    const file = sitemapFileOf(String((req.params as Record<string, string>)[0]));
    if (file === undefined) throw new GazetteError("NOT_FOUND", `No sitemap ${req.path}.`);
    // Part n starts after the first (n - 1) × 50,000 of the month.
    const skip = (file.part - 1) * urlsPerSitemap;
    const entries: SitemapEntry[] = [];
    let after: SearchAfter | undefined;
    for (let read = 0; entries.length < urlsPerSitemap; ) {
      const page = await releases.sitemapEntries(file.month, chunk, after);
      if (page.entries.length === 0) break;
      for (const entry of page.entries) if (read++ >= skip && entries.length < urlsPerSitemap) entries.push(entry);
      if (page.last === undefined || page.entries.length < chunk) break;
      after = page.last;
    }
    if (entries.length === 0) throw new GazetteError("NOT_FOUND", `No releases for ${req.path}.`);
    res
      .set("Cache-Control", maxAge)
      .type(xml)
      .send(renderUrlSet(releaseUrls(publicBaseUrl, entries)));
  });
  return router;
}
