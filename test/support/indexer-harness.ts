import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { inject } from "vitest";
import {
  createLogger,
  ensureReleaseStream,
  type RunningService,
  watermarksBucketOf,
  kvStreamName,
} from "@gazette/shared";
import { deadLetterNames, loadIndexerConfig, startIndexer } from "@gazette/indexer";
import { uniqueNames } from "./names.ts";

export interface TestIndexer {
  names: ReturnType<typeof uniqueNames>;
  eventNames: { stream: string; subjectPrefix: string };
  opensearchUrl: string;
  natsUrl: string;
  /** A client of the same NATS server, for publishing events and looking at the consumer. */
  nats: NatsConnection;
  indexer: RunningService;
  stop(): Promise<void>;
}

/** One indexer on the shared test NATS and OpenSearch, with its own stream, consumer and index; `stop` removes them. */
export async function startTestIndexer(label: string, logLevel: "silent" | "warn" = "silent"): Promise<TestIndexer> {
  const names = uniqueNames(label);
  const natsUrl = inject("natsUrl");
  const opensearchUrl = inject("opensearchUrl");
  const eventNames = { stream: names.NATS_STREAM, subjectPrefix: names.NATS_SUBJECT_PREFIX };
  const nats = await connect({ servers: natsUrl });
  await ensureReleaseStream(await jetstreamManager(nats), eventNames);
  const config = loadIndexerConfig({
    ...names,
    NATS_URL: natsUrl,
    OPENSEARCH_URL: opensearchUrl,
    INDEXER_PORT: "0",
    INDEXER_FLUSH_MS: "20",
    LOG_LEVEL: logLevel,
  });
  const indexer = await startIndexer(config, createLogger("test", logLevel));
  return {
    names,
    eventNames,
    opensearchUrl,
    natsUrl,
    nats,
    indexer,
    async stop() {
      await indexer.stop();
      const jsm = await jetstreamManager(nats);
      const watermarks = kvStreamName(watermarksBucketOf(eventNames));
      for (const stream of [names.NATS_STREAM, deadLetterNames(eventNames).stream, watermarks])
        await jsm.streams.delete(stream).catch(() => undefined);
      await nats.close();
      await fetch(`${opensearchUrl}/${names.OPENSEARCH_INDEX}-v*`, { method: "DELETE" });
      await fetch(`${opensearchUrl}/_index_template/${names.OPENSEARCH_INDEX}-template`, { method: "DELETE" });
    },
  };
}
