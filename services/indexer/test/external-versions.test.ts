import { setTimeout as sleep } from "node:timers/promises";
import { connect, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger, ensureReleaseStream, releaseEventSubject, releaseIdFor, type RunningService } from "@gazette/shared";
import { loadIndexerConfig } from "../src/config.ts";
import { startIndexer } from "../src/service.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";

describe("indexer on real NATS and OpenSearch: versions decide, not arrival order", () => {
  const names = uniqueNames("versions");
  const opensearchUrl = inject("opensearchUrl");
  const config = loadIndexerConfig({ ...names, NATS_URL: inject("natsUrl"), OPENSEARCH_URL: opensearchUrl, INDEXER_PORT: "0", INDEXER_FLUSH_MS: "20", LOG_LEVEL: "warn" });
  const eventNames = { stream: names.NATS_STREAM, subjectPrefix: names.NATS_SUBJECT_PREFIX };
  let nats: NatsConnection;
  let indexer: RunningService;

  beforeAll(async () => {
    nats = await connect({ servers: config.NATS_URL });
    await ensureReleaseStream(await nats.jetstreamManager(), eventNames);
    indexer = await startIndexer(config, createLogger("test", "warn"));
  });

  afterAll(async () => {
    await indexer.stop();
    await (await nats.jetstreamManager()).streams.delete(names.NATS_STREAM).catch(() => undefined);
    await nats.close();
    await fetch(`${opensearchUrl}/${names.OPENSEARCH_INDEX}-v*`, { method: "DELETE" });
  });

  const eventAt = (version: number) => releaseEvent({ externalId: "versions", version, release: { title: `${sampleRelease().title} v${version}`, updatedAt: `2026-01-0${version}T10:00:00Z` } });

  it("delivers versions 3, 1, 2, 3 and ends with version 3", async () => {
    const js = nats.jetstream();
    for (const version of [3, 1, 2, 3]) {
      // No message id: the duplicate window must not be what saves us here.
      await js.publish(releaseEventSubject(eventNames, "release.updated", "mci-kz"), JSON.stringify(eventAt(version)));
    }
    const id = releaseIdFor("mci-kz", "versions");
    const consumer = await (await nats.jetstreamManager()).consumers.info(names.NATS_STREAM, names.INDEXER_DURABLE);
    expect(consumer.config.ack_policy).toBe("explicit");
    for (let waited = 0; ; waited += 100) {
      const info = await (await nats.jetstreamManager()).consumers.info(names.NATS_STREAM, names.INDEXER_DURABLE);
      if (info.ack_floor.stream_seq >= 4 && info.num_ack_pending === 0) break;
      if (waited > 15_000) throw new Error(`indexer did not ack all four events: ${JSON.stringify(info.ack_floor)}`);
      await sleep(100);
    }
    const response = await fetch(`${opensearchUrl}/${names.OPENSEARCH_INDEX}/_doc/${id}`);
    const document = (await response.json()) as { _version: number; _source: { version: number; title: string } };
    expect(document._version).toBe(3);
    expect(document._source.version).toBe(3);
    expect(document._source.title).toMatch(/ v3$/);
  });
});
