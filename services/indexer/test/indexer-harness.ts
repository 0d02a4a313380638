import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { inject } from "vitest";
import {
  createLogger,
  ensureReleaseStream,
  kvStreamName,
  watermarksBucketOf,
  type ReleaseEventNames,
  type RunningService,
} from "@gazette/shared";
import { loadIndexerConfig } from "../src/config.ts";
import { deadLetterNames } from "../src/consume/dead-letters.ts";
import { startIndexer } from "../src/service.ts";
import { uniqueNames } from "../../../test/support/names.ts";

/** Deletes what an indexer test made in NATS: its release stream, its dead letters and its watermarks. */
export async function deleteIndexerStreams(nats: NatsConnection, names: ReleaseEventNames): Promise<void> {
  const jsm = await jetstreamManager(nats);
  for (const stream of [names.stream, deadLetterNames(names).stream, kvStreamName(watermarksBucketOf(names))])
    await jsm.streams.delete(stream).catch(() => undefined);
}

/**
 * One indexer process of the test's own names on the shared NATS, writing to `opensearchUrl`
 * (settings in `env` override the defaults); `stop()` stops it and deletes its streams and index.
 */
export async function startIndexerHarness(label: string, opensearchUrl: string, env: Record<string, string> = {}) {
  const names = uniqueNames(label);
  const eventNames: ReleaseEventNames = { stream: names.NATS_STREAM, subjectPrefix: names.NATS_SUBJECT_PREFIX };
  const nats = await connect({ servers: inject("natsUrl") });
  await ensureReleaseStream(await jetstreamManager(nats), eventNames);
  const indexer: RunningService = await startIndexer(
    loadIndexerConfig({
      ...names,
      NATS_URL: inject("natsUrl"),
      OPENSEARCH_URL: opensearchUrl,
      INDEXER_PORT: "0",
      INDEXER_FLUSH_MS: "20",
      LOG_LEVEL: "silent",
      ...env,
    }),
    createLogger("test", "silent"),
  );
  return {
    names,
    eventNames,
    nats,
    indexer,
    async stop() {
      await indexer.stop();
      await deleteIndexerStreams(nats, eventNames);
      await nats.close();
      await fetch(`${opensearchUrl}/${names.OPENSEARCH_INDEX}-v*`, { method: "DELETE" });
    },
  };
}
