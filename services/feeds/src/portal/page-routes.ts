import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Request, type RequestHandler, Router } from "express";
import { GazetteError } from "@gazette/shared";
import { interfaceLanguageOf, languageName } from "./interface-language.ts";
import { openSearchDescription } from "./opensearch-description.ts";
import { pageStylesheet } from "./page-style.ts";
import type { PageFrame } from "./page-layout.ts";
import { renderHomePage, renderPublisherPage, renderResultsPage } from "./portal-page.ts";
import { pageSecurityHeaders, withinLimit, parseQuery, SearchParamsSchema } from "../http/index.ts";
import { otherStoryMembers, publishedRelease, storiesOf, type ReleaseReader } from "../read/index.ts";
import { renderReleasePage } from "./release-page.ts";
import type { DeliveryCounts } from "../http-cache/index.ts";

/** The parameters the portal reads; others (tracking parameters of shared links) are ignored on pages. */
const portalParameters = new Set(["q", "publisher", "lang", "tag", "from", "to", "sort", "cursor", "autocorrect"]);
const portalPageSize = 20;
/** The portal's images, read once. */
const assetsDir = join(import.meta.dirname, "..", "..", "assets");
const brandAssets = {
  faviconIco: readFileSync(join(assetsDir, "favicon.ico")),
  faviconSvg: readFileSync(join(assetsDir, "favicon.svg")),
  card: readFileSync(join(assetsDir, "gazette-card.png")),
};
const homeLatest = 10;
const html = "text/html; charset=utf-8";

export interface PageDeps {
  releases: ReleaseReader;
  publicBaseUrl: string;
  readLimit: RequestHandler;
  publisherName: (id: string, language?: string) => string;
  /** Whether the registry knows a publisher (its page exists even before its first release). */
  publisherKnown?: (id: string) => boolean;
  /** Searches count in the delivery reports of the publishers they found. */
  counts?: DeliveryCounts;
}

/** The page's frame: the interface language (`?hl=`, else Accept-Language) and what the page shows. */
function frameOf(req: Request, publicBaseUrl: string, query: Record<string, string | undefined> = {}): PageFrame {
  const hl = (req.query as Record<string, unknown>)["hl"];
  const { language, explicit } = interfaceLanguageOf(hl, req.get("accept-language"));
  return { language, explicit, publicBaseUrl, path: req.path, query };
}

/** Pages for people: the portal (home, results), ministries' and releases' pages, their stylesheet. */
export function pageRoutes(deps: PageDeps): Router {
  const { releases, publicBaseUrl, readLimit, publisherName, publisherKnown = () => false } = deps;
  const router = Router();

  router.get("/", pageSecurityHeaders, async (req, res) => {
    // A page ignores what it does not know (a shared link's utm_source, fbclid…); the API refuses it.
    const known = Object.entries(req.query as Record<string, unknown>).filter(([name]) => portalParameters.has(name));
    const raw = Object.fromEntries(known) as Record<string, string | undefined>;
    const frame = frameOf(req, publicBaseUrl, raw);
    const names = (tag: string) => languageName(tag, frame.language);
    await withinLimit(readLimit, req, res);
    // Words, or a listing without them (a tag's, a language's, a ministry's, or all releases, newest
    // first, page after page); with none of these, the home page.
    for (const name of ["q", "publisher", "lang", "tag"]) if (raw[name]?.trim() === "") delete raw[name];
    if (["q", "publisher", "lang", "tag", "from", "to", "sort", "cursor"].every((name) => raw[name] === undefined)) {
      const [latest, overview] = await Promise.all([releases.latest({}, homeLatest), releases.overview()]);
      res.type(html).send(renderHomePage(frame, latest.documents, overview, publisherName, names));
      return;
    }
    // The interface language is the reader's: releases in it rank first among equals.
    const query = parseQuery(SearchParamsSchema, { ...raw, hl: frame.language, size: String(portalPageSize) });
    const result = await releases.search(query);
    if (query.q !== undefined)
      deps.counts?.searched(
        query.q,
        result.hits.map((hit) => hit.document.publisher),
      );
    const shown = { q: query.q, publisher: query.publisher, lang: query.lang, tag: query.tag };
    res.type(html).send(renderResultsPage(frame, shown, result, publisherName, portalPageSize, names));
  });

  router.get("/publishers/:id", pageSecurityHeaders, async (req, res) => {
    const id = String(req.params["id"]);
    const latest = await releases.latest({ publisher: id }, portalPageSize);
    if (latest.documents.length === 0 && !publisherKnown(id)) {
      throw new GazetteError("NOT_FOUND", `No publisher with id ${id}.`);
    }
    res.type(html).send(renderPublisherPage(frameOf(req, publicBaseUrl), id, latest.documents, publisherName));
  });

  router.get("/releases/:id", pageSecurityHeaders, async (req, res) => {
    const { document, translations } = await publishedRelease(releases, String(req.params["id"]));
    const [related, stories] = await Promise.all([releases.related(document.id, 5), storiesOf(releases, [document])]);
    const frame = frameOf(req, publicBaseUrl);
    const alsoPublished = otherStoryMembers(document, stories);
    res.type(html).send(renderReleasePage(frame, document, translations, publisherName, related, alsoPublished));
  });

  router.get("/opensearch.xml", (_req, res) => {
    const description = openSearchDescription(publicBaseUrl);
    res.type("application/opensearchdescription+xml; charset=utf-8").send(description);
  });

  router.get("/assets/gazette.css", (_req, res) => {
    res.type("text/css; charset=utf-8").set("Cache-Control", "public, max-age=3600").send(pageStylesheet);
  });
  // The icon and the card shared links show (made by tools/assets/make-brand-assets.ts).
  router.get("/favicon.ico", (_req, res) => {
    res.type("image/x-icon").set("Cache-Control", "public, max-age=86400").send(brandAssets.faviconIco);
  });
  router.get("/assets/favicon.svg", (_req, res) => {
    res.type("image/svg+xml").set("Cache-Control", "public, max-age=86400").send(brandAssets.faviconSvg);
  });
  router.get("/assets/gazette-card.png", (_req, res) => {
    res.type("image/png").set("Cache-Control", "public, max-age=86400").send(brandAssets.card);
  });
  return router;
}
