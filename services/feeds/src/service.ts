import {
  closeServer,
  connectNats,
  createOpenSearchClient,
  releasesIndexedSubject,
  listen,
  openSearchIsReachable,
  portOf,
  type Logger,
  type RunningService,
} from "@gazette/shared";
import { createApp } from "./app.ts";
import type { FeedsConfig } from "./config.ts";
import { FeedCache } from "./feed-cache.ts";
import { createFeedsMetrics } from "./feeds-metrics.ts";
import { PublisherDirectory } from "./publisher-directory.ts";
import { isFeedPath } from "./feed-builder.ts";
import { OpenSearchReleaseReader } from "./release-reader.ts";
import { WebSubHub } from "./websub-hub.ts";

/** After a bulk write is acknowledged, how long until a search sees it: the index's 1 s refresh, and some slack. */
const indexRefreshSettleMs = 1300;

/** Where this service reaches itself: the address it listens on, or loopback when it listens on all. */
function ownAddress(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

/** Starts feeds, search, pages and the WebSub hub over the index. */
export async function startFeeds(config: FeedsConfig, logger: Logger): Promise<RunningService> {
  const opensearch = createOpenSearchClient(config.OPENSEARCH_URL);
  const feedCache = new FeedCache({
    ttlMs: config.FEEDS_CACHE_TTL_MS,
    maxEntries: 10_000,
    maxBytes: config.FEEDS_CACHE_MAX_BYTES,
  });
  const metrics = createFeedsMetrics(() => feedCache.size);
  const nats = await connectNats(config.NATS_URL, "gazette-feeds", logger);
  // Publishers by name, as ingest mirrors its registry; a change drops cached feeds so they show it.
  const directory = await PublisherDirectory.open(nats, config.PUBLISHERS_BUCKET, logger, () =>
    feedCache.invalidate(Date.now()),
  );
  const hubUrl = `${config.PUBLIC_BASE_URL}/websub/hub`;
  let ownBase = "";
  const hub = new WebSubHub(await nats.jetstream().views.kv(config.FEEDS_WEBSUB_BUCKET, { history: 1 }), {
    hubUrl,
    logger,
    outbound: { allowPrivate: config.OUTBOUND_ALLOW_PRIVATE, allowedOrigins: config.OUTBOUND_ALLOWED_ORIGINS },
    limits: { perCallbackHost: config.FEEDS_WEBSUB_MAX_PER_HOST, total: config.FEEDS_WEBSUB_MAX_SUBSCRIPTIONS },
    onDelivery: (outcome) => metrics.websubDeliveries.inc({ outcome }),
    isOurTopic: (topic) => topic.startsWith(`${config.PUBLIC_BASE_URL}/`) && isFeedPath(new URL(topic).pathname),
    // A topic is read through this service itself, so it is exactly what a reader would get (and cached).
    readTopic: async (topic) => {
      const response = await fetch(`${ownBase}${topic.slice(config.PUBLIC_BASE_URL.length)}`);
      if (!response.ok) return undefined;
      return {
        body: Buffer.from(await response.arrayBuffer()),
        etag: response.headers.get("etag") ?? "",
        contentType: response.headers.get("content-type") ?? "application/octet-stream",
      };
    },
  });
  const releases = new OpenSearchReleaseReader(opensearch, config.OPENSEARCH_INDEX);
  // Feeds also change by themselves when an embargo ends: the next end is looked up after every
  // change, and at that instant cached feeds are dropped and the hub delivers.
  let embargoTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  const watchNextEmbargo = async () => {
    const next = await releases.nextEmbargoEnd().catch(() => undefined);
    clearTimeout(embargoTimer);
    if (next === undefined || stopped) return;
    embargoTimer = setTimeout(
      () => {
        feedCache.invalidate(Date.now());
        hub.indexChanged();
        void watchNextEmbargo();
      },
      Math.min(Math.max(0, next.getTime() - Date.now()) + 50, 2 ** 31 - 1),
    );
  };
  void watchNextEmbargo();
  // The indexer announces each write; what it wrote is searchable after the next refresh (1 s): then
  // cached feeds are out of date, and the hub delivers what changed.
  let settling: NodeJS.Timeout | undefined;
  const announcements = nats.subscribe(
    releasesIndexedSubject({ stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX }),
    {
      callback: () => {
        feedCache.invalidate(Date.now() + indexRefreshSettleMs);
        clearTimeout(settling);
        settling = setTimeout(() => {
          hub.indexChanged();
          void watchNextEmbargo();
        }, indexRefreshSettleMs);
      },
    },
  );
  const app = createApp({
    logger,
    feedCache,
    hub,
    hubUrl,
    releases,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    readiness: [{ name: "opensearch", check: () => openSearchIsReachable(opensearch) }],
    rateLimits: {
      readsPerMinute: config.FEEDS_READ_RATE_LIMIT_PER_MINUTE,
      hubPerMinute: config.FEEDS_WEBSUB_RATE_LIMIT_PER_MINUTE,
    },
    trustedProxies: config.FEEDS_TRUSTED_PROXIES,
    metrics,
    publisherName: (id, language) => directory.nameOf(id, language),
  });
  const server = await listen(app, config.FEEDS_PORT, config.HOST);
  const port = portOf(server);
  ownBase = `http://${ownAddress(config.HOST)}:${port}`;
  logger.info({ port, publicBaseUrl: config.PUBLIC_BASE_URL }, "feeds listening");
  return {
    server,
    port,
    async stop() {
      stopped = true;
      clearTimeout(settling);
      clearTimeout(embargoTimer);
      announcements.unsubscribe();
      await hub.stop();
      directory.stop();
      await closeServer(server);
      await nats.drain();
      await opensearch.close();
    },
  };
}
