import { closeServer, connectNats, createOpenSearchClient, releasesIndexedSubject, listen, openSearchIsReachable, portOf, type Logger, type RunningService } from "@gazette/shared";
import { createApp } from "./app.ts";
import type { FeedsConfig } from "./config.ts";
import { FeedCache } from "./feed-cache.ts";
import { OpenSearchReleaseReader } from "./release-reader.ts";

/** After a bulk write is acknowledged, how long until a search sees it: the index's 1 s refresh, and some slack. */
const indexRefreshSettleMs = 1300;

/** Starts feeds, search and pages over the index. */
export async function startFeeds(config: FeedsConfig, logger: Logger): Promise<RunningService> {
  const opensearch = createOpenSearchClient(config.OPENSEARCH_URL);
  const feedCache = new FeedCache({ ttlMs: config.FEEDS_CACHE_TTL_MS, maxEntries: 2000 });
  // The indexer announces each write; what it wrote is searchable after the next refresh (1 s).
  const nats = await connectNats(config.NATS_URL, "gazette-feeds", logger);
  const announcements = nats.subscribe(releasesIndexedSubject({ stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX }), {
    callback: () => feedCache.invalidate(Date.now() + indexRefreshSettleMs),
  });
  const app = createApp({
    logger,
    feedCache,
    releases: new OpenSearchReleaseReader(opensearch, config.OPENSEARCH_INDEX),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    readiness: [{ name: "opensearch", check: () => openSearchIsReachable(opensearch) }],
  });
  const server = await listen(app, config.FEEDS_PORT);
  const port = portOf(server);
  logger.info({ port, publicBaseUrl: config.PUBLIC_BASE_URL }, "feeds listening");
  return {
    server,
    port,
    async stop() {
      await closeServer(server);
      announcements.unsubscribe();
      await nats.drain();
      await opensearch.close();
    },
  };
}
