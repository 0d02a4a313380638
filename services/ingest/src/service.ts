import {
  closeServer,
  connectNats,
  ensureReleaseStream,
  listen,
  natsIsReachable,
  portOf,
  type Logger,
  type RunningService,
  ensureDurableConsumer,
} from "@gazette/shared";
import { createApp } from "./app.ts";
import type { IngestConfig } from "./config.ts";
import { developmentRegistry, loadPublisherRegistry, watchPublisherRegistry } from "./publisher-registry.ts";
import { JetStreamReleaseEventPublisher } from "./release-events.ts";
import { normalizeReleaseInput } from "./normalize-release.ts";
import { loadUpstreamFeeds } from "./upstream-config.ts";
import { UpstreamPoller } from "./upstream-poller.ts";
import { createIngestMetrics } from "./ingest-metrics.ts";
import { mirrorPublisherNames } from "./publisher-mirror.ts";
import { KvUpstreamStateStore, MemoryUpstreamStateStore, upstreamReport } from "./upstream-state.ts";
import { eventRelayDurable, ReleaseEventRelay } from "./release-event-relay.ts";
import { ReleaseService } from "./release-service.ts";
import { KvReleaseRecordStore, storeUnavailable } from "./release-store.ts";

/** Connects everything ingest needs, starts listening, and returns how to stop it all again. */
export async function startIngest(config: IngestConfig, logger: Logger): Promise<RunningService> {
  const registry =
    config.PUBLISHERS_FILE === undefined ? developmentRegistry() : await loadPublisherRegistry(config.PUBLISHERS_FILE);
  if (config.PUBLISHERS_FILE === undefined) {
    logger.warn(
      "PUBLISHERS_FILE is not set: using the development registry (publisher `demo`, key `demo-key`). For development only.",
    );
  }
  const upstreamFeeds =
    config.INGEST_UPSTREAM_FEEDS_FILE === undefined ? [] : await loadUpstreamFeeds(config.INGEST_UPSTREAM_FEEDS_FILE);
  const unregistered = upstreamFeeds.filter(
    (feed) => !registry.publishers.some((publisher) => publisher.id === feed.publisher),
  );
  if (unregistered.length > 0)
    throw new Error(
      `INGEST_UPSTREAM_FEEDS_FILE names publishers not in the registry: ${[...new Set(unregistered.map((feed) => feed.publisher))].join(", ")}`,
    );
  const nats = await connectNats(config.NATS_URL, "gazette-ingest", logger);
  const names = { stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX };
  await ensureReleaseStream(await nats.jetstreamManager(), names);
  // JetStream API calls (KV reads and writes) give up as soon as a publish would: a 503, not a hang.
  const js = nats.jetstream({ timeout: config.INGEST_PUBLISH_TIMEOUT_MS });
  const store = await KvReleaseRecordStore.open(js, config.INGEST_RELEASES_BUCKET);
  // Feeds show publishers by name: the registry's names (never its keys) are mirrored where feeds watch.
  await mirrorPublisherNames(js, config.PUBLISHERS_BUCKET, registry);
  const jsm = await nats.jetstreamManager({ timeout: config.INGEST_PUBLISH_TIMEOUT_MS });
  const relayOptions = { bucket: config.INGEST_RELEASES_BUCKET, durable: eventRelayDurable };
  await ensureDurableConsumer(jsm, ReleaseEventRelay.consumer(relayOptions));
  const relay = new ReleaseEventRelay(
    js,
    new JetStreamReleaseEventPublisher(js, names, config.INGEST_PUBLISH_TIMEOUT_MS),
    relayOptions,
    logger,
  );
  relay.start();
  const releases = new ReleaseService(store, () =>
    ReleaseEventRelay.publishedThrough(jsm, relayOptions).catch((error: unknown) =>
      Promise.reject(storeUnavailable(error)),
    ),
  );

  // Poll state lives in NATS (shared by every ingest process, kept over restarts); the bucket exists only where upstreams do.
  const upstreamStates =
    upstreamFeeds.length === 0
      ? new MemoryUpstreamStateStore()
      : await KvUpstreamStateStore.open(js, config.INGEST_UPSTREAMS_BUCKET);
  const upstreams = (publisher: string) =>
    upstreamReport(
      upstreamFeeds.filter((feed) => feed.publisher === publisher),
      upstreamStates,
    );
  const pollLimits = {
    maxBytes: config.INGEST_UPSTREAM_MAX_BYTES,
    timeoutMs: config.INGEST_UPSTREAM_TIMEOUT_MS,
    maxItems: config.INGEST_UPSTREAM_MAX_ITEMS,
  };
  // Publishers that cannot push: their feeds go through the same path as a push (polled, or pushed by their hub).
  const poller = new UpstreamPoller(
    upstreamFeeds,
    (publisher, input, log) => releases.submit(publisher, normalizeReleaseInput(input), log),
    logger,
    pollLimits,
    upstreamStates,
    undefined,
    config.INGEST_PUBLIC_BASE_URL,
    { allowPrivate: config.OUTBOUND_ALLOW_PRIVATE, allowedOrigins: config.OUTBOUND_ALLOWED_ORIGINS },
  );
  const metrics = createIngestMetrics();
  poller.observe((feed, outcome, report) => {
    metrics.upstreamPolls.inc({ upstream: feed.url, outcome });
    metrics.upstreamEntries.inc({ upstream: feed.url, result: "submitted" }, report.submitted);
    metrics.upstreamEntries.inc({ upstream: feed.url, result: "unchanged" }, report.unchanged);
    metrics.upstreamEntries.inc({ upstream: feed.url, result: "skipped" }, report.skipped.length);
  });
  const app = createApp({
    logger,
    registry,
    releases,
    upstreams,
    upstreamHub: poller,
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
  const registryFile = config.PUBLISHERS_FILE;
  // `npm run gazette -- publisher …` edits the file; ingest picks the change up without a restart.
  const stopWatchingRegistry =
    registryFile === undefined
      ? () => undefined
      : watchPublisherRegistry(registryFile, registry, (error) => {
          if (error !== undefined)
            return void logger.error({ err: error }, "publisher registry not reloaded; keeping the one in use");
          logger.info({ publishers: registry.publishers.length }, "publisher registry reloaded");
          void mirrorPublisherNames(js, config.PUBLISHERS_BUCKET, registry).catch((mirrorError: unknown) =>
            logger.warn({ err: mirrorError }, "publisher names not mirrored for feeds"),
          );
        });

  poller.start();

  return {
    server,
    port,
    async stop() {
      stopWatchingRegistry();
      await poller.stop();
      await closeServer(server);
      await relay.stop();
      await nats.drain();
    },
  };
}
