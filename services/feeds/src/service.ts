import { closeServer, createOpenSearchClient, listen, openSearchIsReachable, portOf, type Logger, type RunningService } from "@gazette/shared";
import { createApp } from "./app.ts";
import type { FeedsConfig } from "./config.ts";
import { OpenSearchReleaseReader } from "./release-reader.ts";

/** Starts feeds, search and pages over the index. */
export async function startFeeds(config: FeedsConfig, logger: Logger): Promise<RunningService> {
  const opensearch = createOpenSearchClient(config.OPENSEARCH_URL);
  const app = createApp({
    logger,
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
      await opensearch.close();
    },
  };
}
