import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import {
  closeServer,
  connectNats,
  DeliveryReportRecorder,
  ensureDurableConsumer,
  ensureReleaseStream,
  EventSigner,
  listen,
  natsIsReachable,
  outboundAgents,
  portOf,
  type Logger,
  type ReleaseEventType,
  type RunningService,
} from "@gazette/shared";
import { createApp } from "./app.ts";
import { upstreamUserAgent, type IngestConfig } from "./config.ts";
import { createIngestMetrics, type IngestMetrics } from "./ingest-metrics.ts";
import {
  normalizeReleaseInput,
  eventRelayDurable,
  ReleaseEventRelay,
  JetStreamReleaseEventPublisher,
  answerReplays,
  ReleaseService,
  KvReleaseRecordStore,
  storeUnavailable,
} from "./releases/index.ts";
import {
  mirrorPublisherNames,
  developmentRegistry,
  loadPublisherRegistry,
  type PublisherRegistry,
  watchPublisherRegistry,
  submitIfRegistered,
} from "./publishers/index.ts";
import {
  KvUpstreamStateStore,
  loadUpstreamFeeds,
  MemoryUpstreamStateStore,
  ParserPool,
  PullAdapter,
  UpstreamConfigError,
  UpstreamHubEndpoint,
  UpstreamPoller,
  upstreamReport,
  type SubmitRelease,
  type UpstreamFeed,
} from "./upstreams/index.ts";

/** Connects everything ingest needs, starts listening, and returns how to stop it all again. */
export async function startIngest(config: IngestConfig, logger: Logger): Promise<RunningService> {
  const { registry, upstreamFeeds } = await loadPublishers(config, logger);
  const nats = await connectNats(config, "ingest", logger);
  // JetStream API calls (KV reads and writes) give up as soon as a publish would: a 503, not a hang.
  const js = jetstream(nats, { timeout: config.INGEST_PUBLISH_TIMEOUT_MS });
  const jsm = await jetstreamManager(nats, { timeout: config.INGEST_PUBLISH_TIMEOUT_MS });
  await ensureReleaseStream(await jetstreamManager(nats), releaseEventNames(config), config.NATS_REPLICAS);
  const recorder = await DeliveryReportRecorder.open(
    js,
    { bucket: config.REPORTS_BUCKET, replicas: config.NATS_REPLICAS, flushMs: config.REPORT_FLUSH_MS },
    logger,
  );
  const { releases, relay, events } = await openReleases(js, jsm, config, logger, recorder);
  // The indexer asks for this when it rebuilds a lost index (it never reads ingest's storage).
  const replays = answerReplays({
    nats,
    js,
    names: releaseEventNames(config),
    bucket: config.INGEST_RELEASES_BUCKET,
    events,
    logger,
  });
  // Feeds show publishers by name: the registry's names (never its keys) are mirrored where feeds watch.
  await mirrorPublisherNames(js, config.PUBLISHERS_BUCKET, registry, config.NATS_REPLICAS);
  const metrics = createIngestMetrics();
  const puller = await openPuller(js, config, logger, metrics, upstreamFeeds, (publisher, input, log) =>
    submitIfRegistered(registry, publisher, () => {
      return releases.submit(publisher, normalizeReleaseInput(input, registry.linksOf(publisher)), log);
    }),
  );
  const app = createApp({
    logger,
    registry,
    releases,
    upstreams: puller.upstreams,
    upstreamHub: puller.hub,
    reports: recorder.bucket,
    metrics: metrics.registry,
    maxUpstreamBytes: config.INGEST_UPSTREAM_MAX_BYTES,
    rateLimitPerMinute: config.INGEST_RATE_LIMIT_PER_MINUTE,
    readiness: [{ name: "nats", check: () => natsIsReachable(nats) }],
  });
  const server = await listen(app, config.INGEST_PORT, config.HOST).catch(async (error: unknown) => {
    await relay.stop();
    await nats.drain();
    throw error;
  });
  const port = portOf(server);
  logger.info({ port, publishers: registry.publishers.length }, "ingest listening");
  const stopWatchingRegistry = watchRegistry(config, registry, js, logger);
  // Polling starts once ingest listens, and in the background: however many upstreams, ingest is ready at once.
  const pulling = puller.adapter
    .start()
    .catch((error: unknown) => logger.error({ err: error }, "pull adapter did not start: no upstream is polled"));
  return {
    server,
    port,
    async stop() {
      replays.stop();
      stopWatchingRegistry();
      await pulling;
      await puller.adapter.stop();
      await closeServer(server);
      await relay.stop();
      await recorder.stop();
      await nats.drain();
    },
  };
}

/** The publisher registry and the upstream feeds, which may name only registered publishers. */
async function loadPublishers(config: IngestConfig, logger: Logger) {
  const file = config.PUBLISHERS_FILE;
  if (file === undefined) {
    logger.warn(
      "PUBLISHERS_FILE is not set: using the development registry (publisher `demo`, key `demo-key`). For development only.",
    );
  }
  const registry = file === undefined ? developmentRegistry() : await loadPublisherRegistry(file);
  const feedsFile = config.INGEST_UPSTREAM_FEEDS_FILE;
  const upstreamFeeds = feedsFile === undefined ? [] : await loadUpstreamFeeds(feedsFile);
  const unregistered = [...new Set(upstreamFeeds.map((feed) => feed.publisher))].filter((id) => !registry.has(id));
  if (unregistered.length > 0) {
    throw new UpstreamConfigError(
      `INGEST_UPSTREAM_FEEDS_FILE names publishers not in the registry: ${unregistered.join(", ")}`,
    );
  }
  return { registry, upstreamFeeds };
}

const reportedChange = {
  "release.published": "published",
  "release.updated": "updated",
  "release.retracted": "withdrawn",
} as const satisfies Record<ReleaseEventType, string>;

function releaseEventNames(config: IngestConfig) {
  return { stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX };
}

/** The release store, its outbox relay, and the service over both. */
async function openReleases(
  js: JetStreamClient,
  jsm: JetStreamManager,
  config: IngestConfig,
  logger: Logger,
  recorder: DeliveryReportRecorder,
) {
  const names = releaseEventNames(config);
  const store = await KvReleaseRecordStore.open(js, config.INGEST_RELEASES_BUCKET, config.NATS_REPLICAS);
  const relayOptions = { bucket: config.INGEST_RELEASES_BUCKET, durable: eventRelayDurable };
  await ensureDurableConsumer(jsm, ReleaseEventRelay.consumer(relayOptions));
  const signingKey = config.INGEST_EVENT_SIGNING_KEY_FILE;
  if (signingKey === undefined)
    logger.warn(
      "INGEST_EVENT_SIGNING_KEY_FILE is not set: release events go unsigned, and an indexer that checks signatures refuses them. For development only.",
    );
  const events = new JetStreamReleaseEventPublisher({
    js,
    names,
    timeoutMs: config.INGEST_PUBLISH_TIMEOUT_MS,
    ...(signingKey === undefined ? {} : { signer: EventSigner.fromFile(signingKey) }),
  });
  const relay = new ReleaseEventRelay(js, events, relayOptions, logger);
  relay.start();
  const publishedThrough = () =>
    ReleaseEventRelay.publishedThrough(jsm, relayOptions).catch((error: unknown) =>
      Promise.reject(storeUnavailable(error)),
    );
  // Each accepted change counts in its publisher's delivery report (ADR 0017).
  const onAccepted = (publisher: string, event: ReleaseEventType) =>
    recorder.record(publisher, { kind: "release", change: reportedChange[event] });
  return { releases: new ReleaseService(store, publishedThrough, { onAccepted }), relay, events };
}

/** The pull adapter: publishers that cannot push have their feeds polled (or pushed by their hub) into `submit`. */
async function openPuller(
  js: JetStreamClient,
  config: IngestConfig,
  logger: Logger,
  metrics: IngestMetrics,
  feeds: UpstreamFeed[],
  submit: SubmitRelease,
) {
  // Poll state lives in NATS (shared by every ingest process, kept over restarts); the bucket exists only where upstreams do.
  const store =
    feeds.length === 0
      ? new MemoryUpstreamStateStore()
      : await KvUpstreamStateStore.open(js, config.INGEST_UPSTREAMS_BUCKET, config.NATS_REPLICAS);
  if (feeds.length > 0 && config.INGEST_USER_AGENT_CONTACT === undefined)
    logger.warn(
      "INGEST_USER_AGENT_CONTACT is not set: upstream operators see no way to reach whoever runs this ingest",
    );
  const poller = new UpstreamPoller({
    submit,
    logger,
    store,
    limits: {
      maxBytes: config.INGEST_UPSTREAM_MAX_BYTES,
      timeoutMs: config.INGEST_UPSTREAM_TIMEOUT_MS,
      maxItems: config.INGEST_UPSTREAM_MAX_ITEMS,
    },
    timing: {
      minIntervalSeconds: config.INGEST_UPSTREAM_MIN_INTERVAL_SECONDS,
      maxIntervalSeconds: config.INGEST_UPSTREAM_MAX_INTERVAL_SECONDS,
    },
    ...(config.INGEST_PUBLIC_BASE_URL === undefined ? {} : { websubCallbackBase: config.INGEST_PUBLIC_BASE_URL }),
    outbound: {
      allowPrivate: config.OUTBOUND_ALLOW_PRIVATE,
      allowedOrigins: config.OUTBOUND_ALLOWED_ORIGINS,
      // Connections to one origin are capped as polls to one host are.
      agents: outboundAgents({ connectionsPerOrigin: config.INGEST_UPSTREAM_PER_HOST }),
    },
    parser: new ParserPool({
      // No upstreams, no workers kept waiting.
      threads: feeds.length === 0 ? 1 : config.INGEST_PARSE_THREADS,
      heapMb: config.INGEST_PARSE_HEAP_MB,
      timeoutMs: config.INGEST_PARSE_TIMEOUT_MS,
    }),
    userAgent: upstreamUserAgent(config.INGEST_USER_AGENT_CONTACT),
  });
  const adapter = new PullAdapter({
    feeds,
    poller,
    concurrency: config.INGEST_UPSTREAM_CONCURRENCY,
    perHost: config.INGEST_UPSTREAM_PER_HOST,
    logger,
  });
  metrics.observePullAdapter(adapter, poller);
  const upstreams = (publisher: string) =>
    upstreamReport(
      feeds.filter((feed) => feed.publisher === publisher),
      store,
    );
  return { adapter, upstreams, hub: new UpstreamHubEndpoint({ feeds, poller, logger }) };
}

/** `npm run gazette -- publisher …` edits the registry file; ingest picks the change up without a restart. */
function watchRegistry(config: IngestConfig, registry: PublisherRegistry, js: JetStreamClient, logger: Logger) {
  const file = config.PUBLISHERS_FILE;
  if (file === undefined) return () => undefined;
  return watchPublisherRegistry(file, registry, (error) => {
    if (error !== undefined) {
      logger.error({ err: error }, "publisher registry not reloaded; keeping the one in use");
      return;
    }
    logger.info({ publishers: registry.publishers.length }, "publisher registry reloaded");
    void mirrorPublisherNames(js, config.PUBLISHERS_BUCKET, registry, config.NATS_REPLICAS).catch(
      (mirrorError: unknown) => logger.warn({ err: mirrorError }, "publisher names not mirrored for feeds"),
    );
  });
}
