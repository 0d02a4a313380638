import {
  closeServer,
  connectNats,
  releasesIndexedSubject,
  createOpenSearchClient,
  ensureReleaseStream,
  listen,
  natsIsReachable,
  openSearchIsReachable,
  portOf,
  type Logger,
  type RunningService,
  ensureDurableConsumer,
  indexVisibleAfterMs,
  type OpenSearchClient,
} from "@gazette/shared";
import { createApp } from "./app.ts";
import { storyAwareWriter } from "./story-assigner.ts";
import type { IndexerConfig } from "./config.ts";
import { ensureDeadLetterStream } from "./dead-letters.ts";
import { createIndexerMetrics } from "./indexer-metrics.ts";
import { EventProcessor, indexerConsumer } from "./event-processor.ts";
import { ensureReleaseIndex } from "./index-setup.ts";
import { IndexHealer } from "./index-healer.ts";
import type { IndexTopology } from "./index-template.ts";
import { WriteWatermark } from "./write-watermark.ts";
import { WatermarkPublisher } from "./watermark-publisher.ts";

/** Prepares index, stream and consumer, starts processing events and the health endpoint. */
export async function startIndexer(config: IndexerConfig, logger: Logger): Promise<RunningService> {
  const opensearch = createOpenSearchClient(config.OPENSEARCH_URL);
  const topology = await prepareIndex(opensearch, config, logger);

  const nats = await connectNats(config.NATS_URL, "gazette-indexer", logger);
  const names = { stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX };
  const jsm = await nats.jetstreamManager();
  await ensureReleaseStream(jsm, names, config.NATS_REPLICAS);
  await ensureDeadLetterStream(jsm, names, config.NATS_REPLICAS);
  await ensureDurableConsumer(jsm, indexerConsumer(names, config.INDEXER_DURABLE));

  const metrics = createIndexerMetrics(async () => {
    const info = await jsm.consumers.info(names.stream, config.INDEXER_DURABLE);
    return info.num_pending + info.num_ack_pending;
  });
  // How far what this indexer wrote is searchable, for /v1/changes (ADR 0010).
  const watermark = new WriteWatermark(indexVisibleAfterMs);
  const watermarks = await WatermarkPublisher.open(nats.jetstream(), names, watermark, logger, config.NATS_REPLICAS);
  const healer = new IndexHealer({
    opensearch,
    alias: config.OPENSEARCH_INDEX,
    topology,
    js: nats.jetstream(),
    jsm,
    stream: names.stream,
    logger,
  });
  const writeWithStories = storyAwareWriter(opensearch, config.OPENSEARCH_INDEX, logger);
  const processor = new EventProcessor(
    nats.jetstream(),
    async (documents) => {
      const write = watermark.begin();
      const outcomes = await writeWithStories(documents, write.stamp).finally(() => watermark.end(write.handle));
      if (outcomes.some((outcome) => outcome.kind === "retry" && outcome.indexMissing === true)) void healer.heal();
      // Readers that cache (feeds) learn the index changed; core NATS: best effort, they also expire.
      const written = outcomes.filter((outcome) => outcome.kind === "written").length;
      if (written > 0) nats.publish(releasesIndexedSubject(names), JSON.stringify({ documents: written }));
      return outcomes;
    },
    {
      names,
      durable: config.INDEXER_DURABLE,
      batchSize: config.INDEXER_BATCH_SIZE,
      flushMs: config.INDEXER_FLUSH_MS,
      concurrency: config.INDEXER_CONCURRENCY,
    },
    logger,
    metrics,
  );
  processor.start();
  watermarks.start();
  healer.start();

  const app = createApp({
    logger,
    metrics: metrics.registry,
    readiness: [
      { name: "nats", check: () => natsIsReachable(nats) },
      { name: "opensearch", check: () => openSearchIsReachable(opensearch) },
    ],
  });
  const server = await listen(app, config.INDEXER_PORT, config.HOST);
  const port = portOf(server);
  logger.info({ port, durable: config.INDEXER_DURABLE, index: config.OPENSEARCH_INDEX }, "indexer running");
  return {
    server,
    port,
    async stop() {
      await closeServer(server);
      await healer.stop();
      await processor.stop();
      await watermarks.stop();
      await nats.drain();
      await opensearch.close();
    },
  };
}

/** The index as configured (template, replicas), with a warning for what only a reindex changes. */
async function prepareIndex(
  opensearch: OpenSearchClient,
  config: IndexerConfig,
  logger: Logger,
): Promise<IndexTopology> {
  const topology = { shards: config.OPENSEARCH_SHARDS, replicas: config.OPENSEARCH_REPLICAS };
  await ensureReleaseIndex(opensearch, config.OPENSEARCH_INDEX, {
    topology,
    onOlderLayout: (older) =>
      logger.warn(
        { alias: config.OPENSEARCH_INDEX, indices: older },
        "the index has an older layout: search works as before; run `npm run gazette -- reindex` to build the current layout and switch to it without downtime",
      ),
    onOtherShards: (indices) =>
      logger.warn(
        { alias: config.OPENSEARCH_INDEX, indices, shards: topology.shards },
        "OPENSEARCH_SHARDS differs from the index's shard count: new indices get it; `npm run gazette -- reindex` moves the data to one",
      ),
  });
  return topology;
}
