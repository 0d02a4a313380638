import compression from "compression";
import type { Express } from "express";
import { finishServiceApp, serviceApp, type Logger, type ReadinessCheck, type RequestMetrics } from "@gazette/shared";
import { apiRoutes, feedsOpenApiDocument, publisherRoutes } from "./api/index.ts";
import { browserErrorPages, pageRoutes, reportRoutes } from "./portal/index.ts";
import { feedRoutes, isFeedPath, type FeedSource } from "./feeds/index.ts";
import type { FeedsMetrics } from "./feeds-metrics.ts";
import { clientRateLimit, pageSecurityHeaders, publicCors } from "./http/index.ts";
import { fallbackSettleMs, type ReleaseReader } from "./read/index.ts";
import { feedsDefaults } from "./config.ts";
import { type WebSubHub, websubRoutes } from "./websub/index.ts";
import { type FeedFastLane, type SearchCache, noDeliveryCounts, type DeliveryCounts } from "./http-cache/index.ts";
import { discoveryRoutes, type PublisherEntry } from "./discovery/index.ts";

export interface FeedsDeps {
  logger: Logger;
  releases: ReleaseReader;
  feeds: FeedSource;
  /** Search answers kept until the index changes. */
  searches: SearchCache;
  hub: WebSubHub;
  publicBaseUrl: string;
  readiness: readonly ReadinessCheck[];
  /** Requests a client address may make a minute: expensive reads, and the WebSub hub. */
  rateLimits?: { readsPerMinute: number; hubPerMinute: number };
  /** Proxies whose X-Forwarded-For names the client (Express's "trust proxy"). */
  trustedProxies?: readonly string[];
  metrics: FeedsMetrics;
  /** A publisher's name for readers of a language (the registry's, as ingest mirrors it). */
  publisherName?: (id: string, language?: string) => string;
  /** Answers cached feeds in front of the app (service.ts puts it there); the feed routes tell it what they served. */
  fastLane?: FeedFastLane;
  /** The request metrics, when made by the caller (so the fast lane counts into them too). */
  requestMetrics?: RequestMetrics;
  /** How far /v1/changes is final (the indexers' watermarks); default: five seconds ago. */
  changesCompleteThrough?: () => Date;
  /** Whether an indexer is rebuilding a lost index (search answers 503 meanwhile). Default: never. */
  indexRebuilding?: () => boolean;
  /** Whether the registry knows a publisher (its page exists before its first release). */
  publisherKnown?: (id: string) => boolean;
  /** The ministries the registry knows, with their names (`/v1/publishers`, the OPML). Default: none. */
  publisherRegistry?: () => readonly PublisherEntry[];
  /** What the publishers' delivery reports count of feeds' work (ADR 0017); nothing by default. */
  counts?: DeliveryCounts;
  /** Ingest's API, asked by the report page with the ministry's key. */
  ingestUrl?: string;
}

/** Feeds, search, pages and the WebSub hub over the index; listening is the caller's business. */
export function createApp(deps: FeedsDeps): Express {
  const { logger, releases, publicBaseUrl, metrics, publisherName = (id) => id } = deps;
  const {
    rateLimits = {
      readsPerMinute: feedsDefaults.FEEDS_READ_RATE_LIMIT_PER_MINUTE,
      hubPerMinute: feedsDefaults.FEEDS_WEBSUB_RATE_LIMIT_PER_MINUTE,
    },
    trustedProxies = feedsDefaults.FEEDS_TRUSTED_PROXIES,
  } = deps;
  // JSON and pages compressed per response above 1 KB; feeds are compressed once when built (sendCacheable).
  const notFeeds: compression.CompressionFilter = (req, res) => !isFeedPath(req.path) && compression.filter(req, res);
  const before = [compression({ threshold: 1024, filter: notFeeds })];
  const app = serviceApp({
    service: "feeds",
    logger,
    readiness: deps.readiness,
    metrics: metrics.registry,
    ...(deps.requestMetrics === undefined ? {} : { requestMetrics: deps.requestMetrics }),
    before,
  });
  // The client's address comes from X-Forwarded-For only when a configured proxy sent it.
  app.set("trust proxy", trustedProxies.length === 0 ? false : [...trustedProxies]);
  app.set("query parser", "simple");
  app.set("etag", "strong");
  const readLimit = clientRateLimit(rateLimits.readsPerMinute, "searches and listings");
  const hubLimit = clientRateLimit(rateLimits.hubPerMinute, "WebSub (un)subscriptions");
  const counts = deps.counts ?? noDeliveryCounts;
  app.use(publicCors());
  const openApi = JSON.stringify(feedsOpenApiDocument());
  app.get("/openapi.json", (_req, res) => {
    res.set("Cache-Control", "public, max-age=3600").type("application/json; charset=utf-8").send(openApi);
  });
  app.use(feedRoutes(deps.feeds, readLimit, deps.fastLane, counts));
  const completeThrough = deps.changesCompleteThrough ?? (() => new Date(Date.now() - fallbackSettleMs));
  app.use(
    apiRoutes({
      releases,
      publicBaseUrl,
      readLimit,
      completeThrough,
      searches: deps.searches,
      publisherName,
      counts,
      ...(deps.indexRebuilding === undefined ? {} : { rebuilding: deps.indexRebuilding }),
    }),
  );
  const publisherKnown = deps.publisherKnown ?? (() => false);
  app.use(pageRoutes({ releases, publicBaseUrl, readLimit, publisherName, publisherKnown, counts }));
  const registry = deps.publisherRegistry ?? (() => []);
  app.use(publisherRoutes({ releases, publicBaseUrl, registry, readLimit }));
  app.use(discoveryRoutes({ releases, publicBaseUrl, registry, readLimit }));
  const ingestUrl = deps.ingestUrl ?? feedsDefaults.INGEST_URL;
  app.use(reportRoutes({ ingestUrl, publicBaseUrl, readLimit }));
  app.use(websubRoutes(deps.hub, hubLimit));
  return finishServiceApp(app, logger, [browserErrorPages(publicBaseUrl, pageSecurityHeaders)]);
}
