import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { inject } from "vitest";
import { createLogger, type Logger, type RunningService, kvStreamName, watermarksBucketOf } from "@gazette/shared";
import { loadFeedsConfig, startFeeds } from "@gazette/feeds";
import { loadIndexerConfig, startIndexer } from "@gazette/indexer";
import { loadIngestConfig, startIngest } from "@gazette/ingest";
import { freePort } from "../../tools/opensearch-local/opensearch-local.ts";
import { testEventKeys } from "./event-keys.ts";
import { uniqueNames } from "./names.ts";

export interface TestStack {
  names: ReturnType<typeof uniqueNames>;
  /** The environment the services were configured from (also for CLI subprocesses). */
  env: Record<string, string>;
  ingestUrl: string;
  feedsUrl: string;
  /** POST a release (or anything) to ingest with the development key. */
  post(body: unknown, key?: string): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * Feeds on the port chosen in advance, or on another if that one was taken meanwhile (between
 * `freePort` and `listen`, the system may give it to any socket: it happened once in a full run);
 * `env` then says the port it got.
 */
async function startFeedsOnFreePort(env: Record<string, string>, logger: Logger): Promise<RunningService> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startFeeds(loadFeedsConfig(env), logger);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt === 3) throw error;
      const port = await freePort();
      const published = env["PUBLIC_BASE_URL"] === `http://127.0.0.1:${env["FEEDS_PORT"]}`;
      env["FEEDS_PORT"] = String(port);
      if (published) env["PUBLIC_BASE_URL"] = `http://127.0.0.1:${port}`;
    }
  }
}

/**
 * Indexer, ingest and feeds in this process, on the shared test NATS and OpenSearch, with names of
 * their own. Feeds listen on a port known in advance, so their public base URL is their real address
 * (unless `PUBLIC_BASE_URL` is given). `stop` stops them and deletes their streams, buckets and indices.
 */
export async function startTestStack(label: string, overrides: Record<string, string> = {}): Promise<TestStack> {
  const names = uniqueNames(label);
  const feedsPort = await freePort();
  const env: Record<string, string> = {
    ...names,
    NATS_URL: inject("natsUrl"),
    OPENSEARCH_URL: inject("opensearchUrl"),
    LOG_LEVEL: "warn",
    INGEST_PORT: "0",
    INDEXER_PORT: "0",
    FEEDS_PORT: String(feedsPort),
    INDEXER_FLUSH_MS: "50",
    PUBLIC_BASE_URL: `http://127.0.0.1:${feedsPort}`,
    FEEDS_WEBSUB_BUCKET: `websub-${names.INGEST_RELEASES_BUCKET}`,
    // Publisher names of its own: another test's registry must not rename (or drop cached feeds) here.
    PUBLISHERS_BUCKET: `publishers-${names.INGEST_RELEASES_BUCKET}`,
    // Subscribers and hubs of the tests listen on loopback; tests ask from one address all the time.
    OUTBOUND_ALLOW_PRIVATE: "true",
    FEEDS_READ_RATE_LIMIT_PER_MINUTE: "1000000",
    FEEDS_WEBSUB_RATE_LIMIT_PER_MINUTE: "1000000",
    // Events signed by ingest and checked by the indexer, as in production.
    ...testEventKeys(),
    ...overrides,
  };
  const logger = createLogger("test", "warn");
  const services: RunningService[] = [];
  services.push(await startIndexer(loadIndexerConfig(env), logger));
  services.push(await startIngest(loadIngestConfig(env), logger));
  // The portal's report page asks this very ingest.
  env["INGEST_URL"] ??= `http://127.0.0.1:${services[1]!.port}`;
  services.push(await startFeedsOnFreePort(env, logger));
  const ingestUrl = `http://127.0.0.1:${services[1]!.port}`;
  return {
    names,
    env,
    ingestUrl,
    feedsUrl: `http://127.0.0.1:${env["FEEDS_PORT"]}`,
    post: (body, key = "demo-key") =>
      fetch(`${ingestUrl}/v1/releases`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    async stop() {
      for (const service of services.reverse()) await service.stop();
      const nats = await connect({ servers: env["NATS_URL"]! });
      const jsm = await jetstreamManager(nats);
      for (const stream of [
        names.NATS_STREAM,
        `${names.NATS_STREAM}_DEAD`,
        kvStreamName(watermarksBucketOf({ stream: names.NATS_STREAM, subjectPrefix: names.NATS_SUBJECT_PREFIX })),
        kvStreamName(names.INGEST_RELEASES_BUCKET),
        kvStreamName(names.INGEST_UPSTREAMS_BUCKET),
        kvStreamName(env["FEEDS_WEBSUB_BUCKET"]!),
        kvStreamName(env["PUBLISHERS_BUCKET"]!),
        kvStreamName(names.REPORTS_BUCKET),
      ])
        await jsm.streams.delete(stream).catch(() => undefined);
      await nats.close();
      await fetch(`${env["OPENSEARCH_URL"]}/${names.OPENSEARCH_INDEX}-v*`, { method: "DELETE" });
      await fetch(`${env["OPENSEARCH_URL"]}/_index_template/${names.OPENSEARCH_INDEX}-template`, { method: "DELETE" });
    },
  };
}
