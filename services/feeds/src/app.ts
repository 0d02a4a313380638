import compression from "compression";
import express, { type Express, type Request, type Response } from "express";
import {
  GazetteError,
  healthRoutes,
  httpMetrics,
  metricsRoute,
  noSniff,
  notFoundHandler,
  problemErrorHandler,
  requestLogging,
  type Logger,
  type ReadinessCheck,
  type ReleaseDocument,
} from "@gazette/shared";
import { releaseLink } from "./feed-context.ts";
import { sendCacheable } from "./conditional-get.ts";
import { buildFeed, feedFormats, isFeedPath, type FeedFormat } from "./feed-builder.ts";
import type { FeedCache } from "./feed-cache.ts";
import type { FeedsMetrics } from "./feeds-metrics.ts";
import type { WebSubHub } from "./websub-hub.ts";
import { openSearchDescription } from "./opensearch-description.ts";
import { browserErrorPages } from "./error-page.ts";
import { renderPortalPage } from "./portal-page.ts";
import type { ReleaseReader } from "./release-reader.ts";
import { pageStylesheet } from "./page-style.ts";
import { renderReleasePage } from "./release-page.ts";
import { clientRateLimit, pageSecurityHeaders, withinLimit } from "./public-limits.ts";
import {
  canonicalFeedQuery,
  ChangesParamsSchema,
  encodeCursor,
  FeedParamsSchema,
  parseQuery,
  SearchParamsSchema,
  SuggestParamsSchema,
  type FeedParams,
} from "./request-params.ts";

export interface FeedsDeps {
  logger: Logger;
  releases: ReleaseReader;
  feedCache: FeedCache;
  hub: WebSubHub;
  hubUrl: string;
  publicBaseUrl: string;
  readiness: readonly ReadinessCheck[];
  /** Requests a client address may make a minute: expensive reads, and the WebSub hub. */
  rateLimits?: { readsPerMinute: number; hubPerMinute: number };
  /** Proxies whose X-Forwarded-For names the client (Express's "trust proxy"). */
  trustedProxies?: readonly string[];
  metrics: FeedsMetrics;
  /** A publisher's name for readers of a language (the registry's, as ingest mirrors it). */
  publisherName?: (id: string, language?: string) => string;
}

/**
 * /v1/changes lists only changes at least this old: writes become visible within a refresh (1 s), and
 * several indexers may write concurrently, so a change is final once a few seconds have passed.
 */
const changesSettleMs = 5000;

/** The parameters the portal page reads; others (tracking parameters of shared links) are ignored there. */
const portalParameters = new Set(["q", "publisher", "lang", "tag", "from", "to", "sort", "cursor"]);

/** How long caches may keep a feed. */
export const feedMaxAgeSeconds = 60;

/** The classic feed paths, and the readable ones (`/publishers/{id}/feed.rss`, `/tags/{tag}/feed.atom`, `/lang/{lang}/feed.json`). */
const classicFeeds: Record<string, FeedFormat> = { "rss.xml": "rss", "atom.xml": "atom", "feed.json": "json" };
const readableFeeds: { prefix: string; param: "publisher" | "tag" | "lang" }[] = [
  { prefix: "publishers", param: "publisher" },
  { prefix: "tags", param: "tag" },
  { prefix: "lang", param: "lang" },
];

function releaseSummary(document: ReleaseDocument, publicBaseUrl: string) {
  return {
    id: document.id,
    title: document.title,
    summary: document.summary,
    publishedAt: document.publishedAt,
    publisher: document.publisher,
    language: document.language,
    tags: document.tags,
    url: releaseLink(document, publicBaseUrl),
  };
}

/** Feeds, search and release pages over the index; listening is the caller's business. */
export function createApp({
  logger,
  releases,
  feedCache,
  hub,
  hubUrl,
  publicBaseUrl,
  readiness,
  rateLimits = { readsPerMinute: 300, hubPerMinute: 30 },
  trustedProxies = [],
  metrics,
  publisherName = (id) => id,
}: FeedsDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  // The client's address comes from X-Forwarded-For only when a configured proxy sent it.
  app.set("trust proxy", trustedProxies.length === 0 ? false : [...trustedProxies]);
  const limits = {
    reads: clientRateLimit(rateLimits.readsPerMinute, "searches and listings"),
    hub: clientRateLimit(rateLimits.hubPerMinute, "WebSub (un)subscriptions"),
  };
  app.use(noSniff);
  // JSON and pages compressed per response above 1 KB; feeds are compressed once when built (sendCacheable).
  app.use(
    compression({ threshold: 1024, filter: (req, res) => !isFeedPath(req.path) && compression.filter(req, res) }),
  );
  app.set("query parser", "simple");
  app.set("etag", "strong");
  app.use(requestLogging(logger));
  app.use(httpMetrics(metrics.registry, "feeds"));
  app.use(healthRoutes(readiness));
  // Prometheus scrapes this; keep it internal (a reverse proxy should not route /metrics).
  app.get("/metrics", metricsRoute(metrics.registry));

  /** A feed from the cache, or built and cached; then sent with its validators. */
  const serveFeed = async (
    req: Request,
    res: Response,
    format: FeedFormat,
    params: FeedParams,
    pathParams: (keyof FeedParams)[],
  ) => {
    const key = `${req.path}${canonicalFeedQuery(params)}`;
    let feed = feedCache.get(key);
    if (feed === undefined) {
      // A search feed not in the cache costs a search: it counts against the client's read limit; a cached one costs nothing.
      if (params.q !== undefined) await withinLimit(limits.reads, req, res);
      metrics.feedCacheMisses.inc();
      const stopTimer = metrics.feedBuildSeconds.startTimer();
      const builtAt = feedCache.startBuilding();
      feed = await buildFeed(releases, {
        format,
        path: req.path,
        params,
        pathParams,
        publicBaseUrl,
        hubUrl,
        now: new Date(builtAt),
        publisherName,
      });
      stopTimer();
      feedCache.set(key, feed, builtAt);
    } else {
      metrics.feedCacheHits.inc();
    }
    sendCacheable(req, res, feed, feedFormats[format].contentType, feedMaxAgeSeconds);
  };

  /** A published release and its other language versions; NOT_FOUND otherwise. */
  const publishedRelease = async (id: string) => {
    const document = await releases.byId(id);
    if (document === undefined) throw new GazetteError("NOT_FOUND", `No published release with id ${id}.`);
    const versions = await releases.translations(
      document.translationKey === undefined ? [] : [document.translationKey],
    );
    return { document, translations: versions.filter((version) => version.id !== document.id) };
  };

  for (const [file, format] of Object.entries(classicFeeds)) {
    app.get(`/feeds/${file}`, async (req, res) =>
      serveFeed(req, res, format, parseQuery(FeedParamsSchema, req.query as Record<string, unknown>), []),
    );
  }
  for (const { prefix, param } of readableFeeds) {
    for (const format of Object.keys(feedFormats) as FeedFormat[]) {
      app.get(`/${prefix}/:value/feed.${format}`, async (req, res) => {
        const params = parseQuery(FeedParamsSchema, {
          ...(req.query as Record<string, unknown>),
          [param]: (req.params as { value: string }).value,
        });
        await serveFeed(req, res, format, params, [param]);
      });
    }
  }

  app.get("/v1/search", limits.reads, async (req, res) => {
    const params = parseQuery(SearchParamsSchema, req.query as Record<string, unknown>);
    const result = await releases.search(params);
    const last = result.hits[result.hits.length - 1];
    res.json({
      total: result.total,
      ...(result.suggestion === undefined ? {} : { suggestion: result.suggestion }),
      hits: result.hits.map(({ document, highlights }) => ({ ...releaseSummary(document, publicBaseUrl), highlights })),
      facets: result.facets,
      ...(last !== undefined && result.hits.length === params.size ? { nextCursor: encodeCursor(last.sort) } : {}),
    });
  });

  // A complete, ordered log of changes for mirrors: follow nextCursor for ever; no page cap.
  app.get("/v1/changes", limits.reads, async (req, res) => {
    const { since, size } = parseQuery(ChangesParamsSchema, req.query as Record<string, unknown>);
    const page = await releases.changes(new Date(Date.now() - changesSettleMs), size, since);
    res.json({
      changes: page.documents.map((document) => {
        const { text: _text, bodyHtml, ...release } = document;
        const change = document.status === "withdrawn" ? "withdrawn" : document.version === 1 ? "published" : "updated";
        return {
          change,
          id: document.id,
          version: document.version,
          changedAt: document.changedAt,
          ...(change === "withdrawn"
            ? { reason: document.withdrawalReason }
            : { release: { ...release, body: bodyHtml, url: releaseLink(document, publicBaseUrl) } }),
        };
      }),
      nextCursor:
        page.last === undefined ? (since === undefined ? null : encodeCursor(since)) : encodeCursor(page.last),
    });
  });

  app.get("/v1/suggest", limits.reads, async (req, res) => {
    const params = parseQuery(SuggestParamsSchema, req.query as Record<string, unknown>);
    const suggestions = await releases.suggest(params);
    if (params.format === "opensearch") {
      res
        .type("application/x-suggestions+json")
        .send(JSON.stringify([params.q, suggestions.map((document) => document.title)]));
      return;
    }
    res.json({
      suggestions: suggestions.map((document) => ({
        id: document.id,
        title: document.title,
        publisher: document.publisher,
        language: document.language,
        url: releaseLink(document, publicBaseUrl),
      })),
    });
  });

  app.get("/v1/releases/:id", async (req, res) => {
    const { document, translations } = await publishedRelease(req.params.id);
    const related = await releases.related(document.id, 5);
    const { text: _text, bodyHtml, ...release } = document;
    res.json({
      ...release,
      body: bodyHtml,
      url: releaseLink(document, publicBaseUrl),
      page: `${publicBaseUrl}/releases/${encodeURIComponent(document.id)}`,
      translations: translations.map((version) => ({
        id: version.id,
        language: version.language,
        title: version.title,
        url: releaseLink(version, publicBaseUrl),
      })),
      related: related.map((other) => ({
        id: other.id,
        title: other.title,
        publisher: other.publisher,
        language: other.language,
        publishedAt: other.publishedAt,
        url: releaseLink(other, publicBaseUrl),
      })),
    });
  });

  // The portal: a search page over the same API.
  app.get("/", pageSecurityHeaders, async (req, res) => {
    // A page ignores what it does not know (a shared link's utm_source, fbclid…); the API refuses it.
    const raw = Object.fromEntries(
      Object.entries(req.query as Record<string, unknown>).filter(([name]) => portalParameters.has(name)),
    );
    const query =
      typeof raw["q"] === "string" && raw["q"].trim() !== ""
        ? parseQuery(SearchParamsSchema, { ...raw, size: "20" })
        : undefined;
    if (query !== undefined) await withinLimit(limits.reads, req, res);
    const result = query === undefined ? undefined : await releases.search(query);
    const shown =
      query === undefined ? {} : { q: query.q, publisher: query.publisher, lang: query.lang, tag: query.tag };
    res.type("text/html; charset=utf-8").send(renderPortalPage(publicBaseUrl, shown, result, publisherName));
  });

  // WebSub: subscribers (un)subscribe here; intent is verified before anything counts (202 now, the check later).
  app.post("/websub/hub", limits.hub, express.urlencoded({ extended: false, limit: "16kb" }), async (req, res) => {
    if (!req.is("application/x-www-form-urlencoded"))
      throw new GazetteError("UNSUPPORTED_MEDIA_TYPE", "Send the subscription as application/x-www-form-urlencoded.");
    await hub.request((req.body ?? {}) as Record<string, unknown>);
    res.status(202).type("text/plain").send("Accepted: the hub will verify the intent with your callback.");
  });

  app.get("/opensearch.xml", (_req, res) => {
    res.type("application/opensearchdescription+xml; charset=utf-8").send(openSearchDescription(publicBaseUrl));
  });

  app.get("/releases/:id", pageSecurityHeaders, async (req, res) => {
    const { document, translations } = await publishedRelease(String(req.params["id"]));
    const related = await releases.related(document.id, 5);
    res
      .type("text/html; charset=utf-8")
      .send(renderReleasePage(document, publicBaseUrl, translations, publisherName, related));
  });

  app.get("/assets/gazette.css", (_req, res) => {
    res.type("text/css; charset=utf-8").set("Cache-Control", "public, max-age=3600").send(pageStylesheet);
  });

  app.use(notFoundHandler);
  app.use(browserErrorPages(publicBaseUrl, pageSecurityHeaders));
  app.use(problemErrorHandler(logger));
  return app;
}
