import {
  closeServer,
  connectNats,
  releasesIndexedSubject,
  releaseReplaySubject,
  noServerTookIt,
  createOpenSearchClient,
  ensureReleaseStream,
  listen,
  natsIsReachable,
  openSearchIndexIsWritable,
  openSearchIsReachable,
  portOf,
  type Logger,
  type RunningService,
  ensureDurableConsumer,
  type OpenSearchClient,
  DeliveryReportRecorder,
  type ReleaseEventNames,
} from "@gazette/shared";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { createApp } from "./app.ts";
import { storyAwareWriter } from "./stories/index.ts";
import { eventTrustOf, type IndexerConfig } from "./config.ts";
import {
  type EventTrust,
  ensureDeadLetterStream,
  EventProcessor,
  indexerConsumer,
  type DocumentWriter,
} from "./consume/index.ts";
import { createIndexerMetrics, type IndexerMetrics } from "./indexer-metrics.ts";
import { ensureReleaseIndex, IndexHealer, type IndexTopology } from "./index/index.ts";
import { VisibilityConfirmer, WriteWatermark, WatermarkPublisher } from "./watermark/index.ts";

/** Prepares index, stream and consumer, starts processing events and the health endpoint. */
export async function startIndexer(config: IndexerConfig, logger: Logger): Promise<RunningService> {
  const opensearch = createOpenSearchClient(config);
  const topology = await prepareIndex(opensearch, config, logger);

  const trust = trustedEvents(config, logger);
  const { names } = trust;
  const { nats, jsm } = await connectStreams(config, logger);

  const pending = async () => {
    const info = await jsm.consumers.info(names.stream, config.INDEXER_DURABLE);
    return info.num_pending + info.num_ack_pending;
  };
  const metrics = createIndexerMetrics(pending);
  // How far what this indexer wrote is searchable, for /v1/changes (ADR 0010): a write counts once a
  // refresh begun after its answer has finished (ADR 0034).
  const watermark = new WriteWatermark();
  const confirmer = new VisibilityConfirmer({ client: opensearch, alias: config.OPENSEARCH_INDEX, watermark, logger });
  const watermarks = await WatermarkPublisher.open(jetstream(nats), names, watermark, logger, config.NATS_REPLICAS);
  const healer = openHealer({ opensearch, config, topology, nats, jsm, trust, logger, pending, watermarks, metrics });
  const recorder = await DeliveryReportRecorder.open(
    jetstream(nats),
    { bucket: config.REPORTS_BUCKET, replicas: config.NATS_REPLICAS, flushMs: config.REPORT_FLUSH_MS },
    logger,
  );
  const processor = new EventProcessor(
    jetstream(nats),
    releaseWriter({ opensearch, alias: config.OPENSEARCH_INDEX, logger, watermark, healer, nats, names, recorder }),
    {
      names,
      ...(trust.verifier === undefined ? {} : { verifier: trust.verifier }),
      durable: config.INDEXER_DURABLE,
      batchSize: config.INDEXER_BATCH_SIZE,
      flushMs: config.INDEXER_FLUSH_MS,
      concurrency: config.INDEXER_CONCURRENCY,
      // Back when the release index can take writes again (its primaries active), not merely when a node answers.
      openSearchAnswers: () => openSearchIndexIsWritable(opensearch, config.OPENSEARCH_INDEX),
    },
    logger,
    metrics,
  );
  processor.start();
  watermarks.start();
  confirmer.start();
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
      await recorder.stop();
      await confirmer.stop();
      await watermarks.stop();
      await nats.drain();
      await opensearch.close();
    },
  };
}

/** Rebuilds a lost index by itself, saying so with the watermark (feeds answer search 503) and a metric. */
function openHealer(deps: {
  opensearch: OpenSearchClient;
  config: IndexerConfig;
  topology: IndexTopology;
  nats: NatsConnection;
  jsm: JetStreamManager;
  trust: EventTrust;
  logger: Logger;
  pending: () => Promise<number>;
  watermarks: WatermarkPublisher;
  metrics: IndexerMetrics;
}): IndexHealer {
  const { opensearch, config, topology, nats, jsm, trust, logger, pending, watermarks, metrics } = deps;
  return new IndexHealer({
    opensearch,
    alias: config.OPENSEARCH_INDEX,
    topology,
    js: jetstream(nats),
    jsm,
    trust,
    logger,
    askReplay: () => askIngestReplay(nats, trust.names),
    pending,
    onRebuilding: (rebuilding) => {
      watermarks.rebuilding = rebuilding;
      metrics.rebuilding.set(rebuilding ? 1 : 0);
    },
  });
}

/** How long a replay of the record of truth may take (a million releases, at a few thousand a second). */
const replayTimeoutMs = 30 * 60_000;

/**
 * Asks ingest to publish every release's event again (ADR 0022); how many it did, or undefined when no
 * ingest answers (the rebuild then replays the stream).
 */
async function askIngestReplay(nats: NatsConnection, names: ReleaseEventNames): Promise<number | undefined> {
  try {
    const answer = await nats.request(releaseReplaySubject(names), "{}", { timeout: replayTimeoutMs });
    const body = answer.json<{ releases?: number; error?: string }>();
    if (body.error !== undefined) throw new Error(`ingest's replay failed: ${body.error}`);
    return body.releases ?? 0;
  } catch (error) {
    if (noServerTookIt(error)) return undefined;
    throw error;
  }
}

/** NATS, with the release stream, the dead letters and the indexer's durable consumer made where missing. */
async function connectStreams(config: IndexerConfig, logger: Logger) {
  const nats = await connectNats(config, "indexer", logger);
  const names = { stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX };
  const jsm = await jetstreamManager(nats);
  await ensureReleaseStream(jsm, names, config.NATS_REPLICAS);
  await ensureDeadLetterStream(jsm, names, config.NATS_REPLICAS);
  await ensureDurableConsumer(jsm, indexerConsumer(names, config.INDEXER_DURABLE));
  return { nats, jsm };
}

/** What events are checked against (ingest's public keys, or nothing in development, said at start). */
function trustedEvents(config: IndexerConfig, logger: Logger) {
  const trust = eventTrustOf(config);
  if (trust.verifier === undefined)
    logger.warn(
      "INDEXER_EVENT_VERIFY_KEY_FILE is not set: release events are indexed without checking their signature. For development only.",
    );
  return trust;
}

/**
 * Writes a batch (with its stories), stamped for the watermark; then heals a missing index, tells
 * readers that cache the index changed, and counts each written version's time from ingest in its
 * publisher's delivery report (ADR 0017).
 */
function releaseWriter(deps: {
  opensearch: OpenSearchClient;
  alias: string;
  logger: Logger;
  watermark: WriteWatermark;
  healer: IndexHealer;
  nats: NatsConnection;
  names: ReleaseEventNames;
  recorder: DeliveryReportRecorder;
}): DocumentWriter {
  const writeWithStories = storyAwareWriter(deps.opensearch, deps.alias, deps.logger);
  return async (documents) => {
    const write = deps.watermark.begin();
    const outcomes = await writeWithStories(documents, write.stamp).finally(() => deps.watermark.end(write.handle));
    if (outcomes.some((outcome) => outcome.kind === "retry" && outcome.indexMissing === true)) void deps.healer.heal();
    // Readers that cache (feeds) learn the index changed; core NATS: best effort, they also expire.
    const written = documents.filter((_, i) => outcomes[i]?.kind === "written");
    if (written.length > 0)
      deps.nats.publish(releasesIndexedSubject(deps.names), JSON.stringify({ documents: written.length }));
    for (const { document } of written) {
      const acceptedAt = Date.parse(document.withdrawnAt ?? document.updatedAt);
      deps.recorder.record(document.publisher, { kind: "latency", ms: Math.max(0, write.stamp - acceptedAt) });
    }
    return outcomes;
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
