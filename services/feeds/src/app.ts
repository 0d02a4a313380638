import express, { type Express, type Request, type Response } from "express";
import { GazetteError, healthRoutes, notFoundHandler, problemErrorHandler, requestLogging, type Logger, type ReadinessCheck, type ReleaseDocument } from "@gazette/shared";
import type { FeedContext } from "./feed-context.ts";
import { feedUpdated, releaseLink } from "./feed-context.ts";
import { renderedFeed, sendCacheable } from "./conditional-get.ts";
import type { FeedCache } from "./feed-cache.ts";
import type { ReleaseReader } from "./release-reader.ts";
import { renderAtom } from "./render-atom.ts";
import { renderJsonFeed } from "./render-json-feed.ts";
import { renderRss } from "./render-rss.ts";
import { renderReleasePage } from "./release-page.ts";
import { canonicalFeedQuery, FeedParamsSchema, parseQuery, SearchParamsSchema, SuggestParamsSchema, type FeedParams } from "./request-params.ts";

export interface FeedsDeps {
  logger: Logger;
  releases: ReleaseReader;
  feedCache: FeedCache;
  publicBaseUrl: string;
  readiness: readonly ReadinessCheck[];
}

/** Items in a feed. */
export const feedSize = 50;

/** How long caches may keep a feed. */
export const feedMaxAgeSeconds = 60;

const feedFormats = {
  "rss.xml": { render: renderRss, contentType: "application/rss+xml; charset=utf-8" },
  "atom.xml": { render: renderAtom, contentType: "application/atom+xml; charset=utf-8" },
  "feed.json": { render: renderJsonFeed, contentType: "application/feed+json; charset=utf-8" },
} as const;

function feedContext(publicBaseUrl: string, path: string, params: FeedParams): FeedContext {
  const scope = [params.publisher, params.lang].filter((part) => part !== undefined).join(", ");
  return {
    title: scope === "" ? "Gazette: press releases" : `Gazette: press releases (${scope})`,
    description: "Official press releases, as published by their ministries.",
    selfUrl: `${publicBaseUrl}${path}${canonicalFeedQuery(params)}`,
    siteUrl: `${publicBaseUrl}/`,
    ...(params.lang === undefined ? {} : { language: params.lang }),
    publicBaseUrl,
  };
}

function searchHit(document: ReleaseDocument, publicBaseUrl: string) {
  return {
    id: document.id,
    title: document.title,
    summary: document.summary,
    publishedAt: document.publishedAt,
    publisher: document.publisher,
    language: document.language,
    url: releaseLink(document, publicBaseUrl),
  };
}

/** Feeds, search and release pages over the index; listening is the caller's business. */
export function createApp({ logger, releases, feedCache, publicBaseUrl, readiness }: FeedsDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.set("etag", "strong");
  app.use(requestLogging(logger));
  app.use(healthRoutes(readiness));

  for (const [file, format] of Object.entries(feedFormats)) {
    app.get(`/feeds/${file}`, async (req: Request, res: Response) => {
      const params = parseQuery(FeedParamsSchema, req.query as Record<string, unknown>);
      const key = `${req.path}${canonicalFeedQuery(params)}`;
      let feed = feedCache.get(key);
      if (feed === undefined) {
        const builtAt = feedCache.startBuilding();
        const documents = await releases.latest(params, feedSize);
        feed = renderedFeed(format.render(feedContext(publicBaseUrl, req.path, params), documents), documents.length > 0 ? feedUpdated(documents) : undefined);
        feedCache.set(key, feed, builtAt);
      }
      sendCacheable(req, res, feed, format.contentType, feedMaxAgeSeconds);
    });
  }

  app.get("/v1/search", async (req, res) => {
    const params = parseQuery(SearchParamsSchema, req.query as Record<string, unknown>);
    const result = await releases.search(params);
    res.json({ total: result.total, hits: result.hits.map((document) => searchHit(document, publicBaseUrl)) });
  });

  app.get("/v1/suggest", async (req, res) => {
    const params = parseQuery(SuggestParamsSchema, req.query as Record<string, unknown>);
    const suggestions = await releases.suggest(params);
    res.json({ suggestions: suggestions.map((document) => ({ id: document.id, title: document.title, publisher: document.publisher, language: document.language, url: releaseLink(document, publicBaseUrl) })) });
  });

  app.get("/releases/:id", async (req, res) => {
    const document = await releases.byId(req.params.id);
    if (document === undefined) throw new GazetteError("NOT_FOUND", `No published release with id ${req.params.id}.`);
    res.type("text/html; charset=utf-8").send(renderReleasePage(document, publicBaseUrl));
  });

  app.use(notFoundHandler);
  app.use(problemErrorHandler(logger));
  return app;
}
