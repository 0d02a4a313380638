import { parse as parseQueryString } from "node:querystring";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import {
  closeServer,
  connectNats,
  createOpenSearchClient,
  DeliveryReportRecorder,
  indexVisibleAfterMs,
  listen,
  openBucket,
  openSearchIsReachable,
  portOf,
  releasesIndexedSubject,
  type Logger,
  type RunningService,
  httpMetrics,
} from "@gazette/shared";
import { createApp } from "./app.ts";
import type { FeedsConfig } from "./config.ts";
import {
  FeedCache,
  FeedFastLane,
  EdgeExpiry,
  SearchCache,
  recordedDeliveryCounts,
  type DeliveryCounts,
} from "./http-cache/index.ts";
import { feedAddressOf, FeedSource, feedMaxAgeSeconds } from "./feeds/index.ts";
import { createFeedsMetrics, type FeedsMetrics } from "./feeds-metrics.ts";
import { IndexFreshness, PublisherDirectory, OpenSearchReleaseReader, IndexCompleteness } from "./read/index.ts";
import { hubUrlOf } from "./links.ts";
import { WebSubHub, type TopicReader } from "./websub/index.ts";

/** Starts feeds, search, pages and the WebSub hub over the index. */
export async function startFeeds(config: FeedsConfig, logger: Logger): Promise<RunningService> {
  const opensearch = createOpenSearchClient(config);
  const { cache, searchCache } = cachesOf(config);
  const metrics = createFeedsMetrics(() => cache.size);
  const nats = await connectNats(config, "feeds", logger);
  const directory = await openDirectory(nats, config, logger, [cache, searchCache]);
  const releases = new OpenSearchReleaseReader(opensearch, config.OPENSEARCH_INDEX);
  const publishers = publishersOf(directory);
  const hubUrl = hubUrlOf(config.PUBLIC_BASE_URL);
  const feeds = new FeedSource({
    releases,
    cache,
    metrics,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    hubUrl,
    ...publishers,
  });
  const { recorder, counts } = await openDeliveryCounts(nats, config, logger);
  const hub = await openHub(nats, config, logger, metrics, feeds, counts);
  const searches = new SearchCache(searchCache, { hits: metrics.searchCacheHits, misses: metrics.searchCacheMisses });
  const index = await followIndex(nats, config, logger, { releases, caches: [cache, searchCache], hub });
  const { completeness, edgeExpiry } = index;
  const { fastLane, requestMetrics } = fastLaneOf(feeds, metrics, logger, counts);
  const app = createApp({
    logger,
    feeds,
    searches,
    fastLane,
    requestMetrics,
    hub,
    releases,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    readiness: [{ name: "opensearch", check: () => openSearchIsReachable(opensearch) }],
    rateLimits: rateLimitsOf(config),
    trustedProxies: config.FEEDS_TRUSTED_PROXIES,
    metrics,
    ...publishers,
    changesCompleteThrough: () => completeness.completeThrough(),
    indexRebuilding: () => completeness.rebuilding(),
    counts,
    ingestUrl: config.INGEST_URL,
  });
  const server = await listen(
    (req, res) => {
      edgeExpiry.mark(req, res);
      if (!fastLane.answer(req, res)) app(req, res);
    },
    config.FEEDS_PORT,
    config.HOST,
  );
  const port = portOf(server);
  logger.info({ port, publicBaseUrl: config.PUBLIC_BASE_URL }, "feeds listening");
  return {
    server,
    port,
    async stop() {
      index.stop();
      await hub.stop();
      directory.stop();
      await closeServer(server);
      await recorder.stop();
      await nats.drain();
      await opensearch.close();
    },
  };
}

/** Publishers by name, as ingest mirrors its registry; a change drops cached feeds and searches so they show it. */
function openDirectory(
  nats: Parameters<typeof PublisherDirectory.open>[0],
  config: FeedsConfig,
  logger: Logger,
  caches: readonly { invalidate(at: number): void }[],
): Promise<PublisherDirectory> {
  const bucket = { name: config.PUBLISHERS_BUCKET, replicas: config.NATS_REPLICAS };
  return PublisherDirectory.open(nats, bucket, logger, () => {
    for (const cache of caches) cache.invalidate(Date.now());
  });
}

/** What feeds, pages and the publisher listing ask of the registry's names. */
function publishersOf(directory: PublisherDirectory) {
  return {
    publisherName: (id: string, language?: string) => directory.nameOf(id, language),
    publisherKnown: (id: string) => directory.names.has(id),
    publisherRegistry: () => [...directory.names].map(([id, name]) => ({ id, name })),
  };
}

/** Requests a client address may make a minute: expensive reads, and the WebSub hub. */
const rateLimitsOf = (config: FeedsConfig) => ({
  readsPerMinute: config.FEEDS_READ_RATE_LIMIT_PER_MINUTE,
  hubPerMinute: config.FEEDS_WEBSUB_RATE_LIMIT_PER_MINUTE,
});

/** What feeds counts for the publishers' delivery reports, and where it goes (ADR 0017). */
async function openDeliveryCounts(nats: NatsConnection, config: FeedsConfig, logger: Logger) {
  const recorder = await DeliveryReportRecorder.open(
    jetstream(nats),
    { bucket: config.REPORTS_BUCKET, replicas: config.NATS_REPLICAS, flushMs: config.REPORT_FLUSH_MS },
    logger,
  );
  return { recorder, counts: recordedDeliveryCounts(recorder) };
}

/** Rendered feeds, and search answers (a quarter of the feeds' memory at most), both kept until the index changes. */
function cachesOf(config: FeedsConfig) {
  const { FEEDS_CACHE_TTL_MS: ttlMs, FEEDS_CACHE_MAX_BYTES: maxBytes } = config;
  return {
    cache: new FeedCache({ ttlMs, maxEntries: 10_000, maxBytes }),
    searchCache: new FeedCache({ ttlMs, maxEntries: 10_000, maxBytes: Math.floor(maxBytes / 4) }),
  };
}

/** Cached feeds (most polls, most of them 304) are answered in front of the app (feed-fast-lane.ts). */
function fastLaneOf(feeds: FeedSource, metrics: FeedsMetrics, logger: Logger, counts: DeliveryCounts) {
  const requestMetrics = httpMetrics(metrics.registry, "feeds");
  const fastLane = new FeedFastLane({
    lookup: (key) => feeds.cachedByKey(key),
    maxAgeSeconds: feedMaxAgeSeconds,
    logger,
    count: requestMetrics.count,
    onAnswer: (feed, userAgent, status) => counts.feedAnswered(feed, userAgent, status),
  });
  requestMetrics.beforeScrape(() => fastLane.flush());
  return { fastLane, requestMetrics };
}

/**
 * What feeds follows of the index: the indexer's write announcements and embargo ends (IndexFreshness:
 * stale cached feeds and edge copies, WebSub deliveries), and the indexers' watermarks (how far /v1/changes is final).
 */
async function followIndex(
  nats: NatsConnection,
  config: FeedsConfig,
  logger: Logger,
  { releases, caches, hub }: { releases: OpenSearchReleaseReader; caches: FeedCache[]; hub: WebSubHub },
) {
  const names = { stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX };
  const completeness = await IndexCompleteness.open(nats, names, logger, config.NATS_REPLICAS);
  const edgeExpiry = new EdgeExpiry();
  const freshness = new IndexFreshness({
    visibleAfterMs: indexVisibleAfterMs,
    nextEmbargoEnd: () => releases.nextEmbargoEnd(),
    staleBefore: (instant) => {
      for (const cache of caches) cache.invalidate(instant);
      edgeExpiry.changePending(instant);
    },
    changed: () => hub.indexChanged(),
  });
  freshness.start();
  // The indexer announces each write (core NATS: best effort; cached feeds also expire).
  const announcements = nats.subscribe(releasesIndexedSubject(names), { callback: () => freshness.indexWritten() });
  return {
    completeness,
    edgeExpiry,
    stop() {
      freshness.stop();
      announcements.unsubscribe();
      completeness.stop();
    },
  };
}

/** The WebSub hub, reading topics straight from the feed source (what a reader would get, cached). */
async function openHub(
  nats: NatsConnection,
  config: FeedsConfig,
  logger: Logger,
  metrics: FeedsMetrics,
  feeds: FeedSource,
  counts: DeliveryCounts,
): Promise<WebSubHub> {
  const addressOf = (topic: string) => {
    if (!topic.startsWith(`${config.PUBLIC_BASE_URL}/`)) return undefined;
    const url = new URL(topic);
    try {
      return feedAddressOf(url.pathname, parseQueryString(url.search.slice(1)));
    } catch {
      return undefined;
    }
  };
  const readTopic: TopicReader = async (topic) => {
    const address = addressOf(topic);
    if (address === undefined) return undefined;
    const feed = await feeds.get(address);
    return {
      body: feed.body,
      etag: feed.etag,
      contentType: feeds.contentTypeOf(address),
      ...(feed.publishers === undefined ? {} : { publishers: feed.publishers }),
    };
  };
  return new WebSubHub(
    await openBucket(jetstream(nats), config.FEEDS_WEBSUB_BUCKET, { history: 1, replicas: config.NATS_REPLICAS }),
    {
      hubUrl: hubUrlOf(config.PUBLIC_BASE_URL),
      logger,
      outbound: { allowPrivate: config.OUTBOUND_ALLOW_PRIVATE, allowedOrigins: config.OUTBOUND_ALLOWED_ORIGINS },
      limits: { perCallbackHost: config.FEEDS_WEBSUB_MAX_PER_HOST, total: config.FEEDS_WEBSUB_MAX_SUBSCRIPTIONS },
      onDelivery: (outcome, publishers) => {
        metrics.websubDeliveries.inc({ outcome });
        counts.websubDelivery(outcome, publishers);
      },
      isOurTopic: (topic) => addressOf(topic) !== undefined,
      readTopic,
    },
  );
}
