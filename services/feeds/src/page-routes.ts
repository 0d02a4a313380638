import { type RequestHandler, Router } from "express";
import { openSearchDescription } from "./opensearch-description.ts";
import { pageStylesheet } from "./page-style.ts";
import { renderPortalPage } from "./portal-page.ts";
import { pageSecurityHeaders, withinLimit } from "./public-limits.ts";
import { publishedRelease, type ReleaseReader } from "./read-model.ts";
import { renderReleasePage } from "./release-page.ts";
import { parseQuery, SearchParamsSchema } from "./request-params.ts";

/** The parameters the portal page reads; others (tracking parameters of shared links) are ignored there. */
const portalParameters = new Set(["q", "publisher", "lang", "tag", "from", "to", "sort", "cursor"]);
const portalPageSize = "20";

export interface PageDeps {
  releases: ReleaseReader;
  publicBaseUrl: string;
  readLimit: RequestHandler;
  publisherName: (id: string, language?: string) => string;
}

/** Pages for people: the portal (a search page over the same API), release pages, their stylesheet. */
export function pageRoutes({ releases, publicBaseUrl, readLimit, publisherName }: PageDeps): Router {
  const router = Router();

  router.get("/", pageSecurityHeaders, async (req, res) => {
    // A page ignores what it does not know (a shared link's utm_source, fbclid…); the API refuses it.
    const known = Object.entries(req.query as Record<string, unknown>).filter(([name]) => portalParameters.has(name));
    const raw = Object.fromEntries(known);
    const asked = typeof raw["q"] === "string" && raw["q"].trim() !== "";
    const query = asked ? parseQuery(SearchParamsSchema, { ...raw, size: portalPageSize }) : undefined;
    if (query !== undefined) await withinLimit(readLimit, req, res);
    const result = query === undefined ? undefined : await releases.search(query);
    const shown =
      query === undefined ? {} : { q: query.q, publisher: query.publisher, lang: query.lang, tag: query.tag };
    res.type("text/html; charset=utf-8").send(renderPortalPage(publicBaseUrl, shown, result, publisherName));
  });

  router.get("/releases/:id", pageSecurityHeaders, async (req, res) => {
    const { document, translations } = await publishedRelease(releases, String(req.params["id"]));
    const related = await releases.related(document.id, 5);
    const page = renderReleasePage(document, publicBaseUrl, translations, publisherName, related);
    res.type("text/html; charset=utf-8").send(page);
  });

  router.get("/opensearch.xml", (_req, res) => {
    const description = openSearchDescription(publicBaseUrl);
    res.type("application/opensearchdescription+xml; charset=utf-8").send(description);
  });

  router.get("/assets/gazette.css", (_req, res) => {
    res.type("text/css; charset=utf-8").set("Cache-Control", "public, max-age=3600").send(pageStylesheet);
  });
  return router;
}
