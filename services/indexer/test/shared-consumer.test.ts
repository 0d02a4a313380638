import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createLogger,
  ensureReleaseStream,
  releaseEventMessageId,
  releaseEventSubject,
  type RunningService,
} from "@gazette/shared";
import { loadIndexerConfig } from "../src/config.ts";
import { deleteIndexerStreams } from "./indexer-harness.ts";
import { startIndexer } from "../src/service.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";
import { eventually } from "../../../test/support/eventually.ts";

const releaseCount = 1000;

describe("two indexers on one durable consumer (real NATS and OpenSearch)", () => {
  const names = uniqueNames("shared");
  const opensearchUrl = inject("opensearchUrl");
  const env = {
    ...names,
    NATS_URL: inject("natsUrl"),
    OPENSEARCH_URL: opensearchUrl,
    INDEXER_PORT: "0",
    INDEXER_BATCH_SIZE: "50",
    INDEXER_FLUSH_MS: "20",
    LOG_LEVEL: "silent",
  };
  const eventNames = { stream: names.NATS_STREAM, subjectPrefix: names.NATS_SUBJECT_PREFIX };
  let nats: NatsConnection;
  const indexers: RunningService[] = [];

  beforeAll(async () => {
    nats = await connect({ servers: env.NATS_URL });
    await ensureReleaseStream(await jetstreamManager(nats), eventNames);
    for (let i = 0; i < 2; i++)
      indexers.push(await startIndexer(loadIndexerConfig(env), createLogger("test", "silent")));
  });

  afterAll(async () => {
    for (const indexer of indexers) await indexer.stop();
    await deleteIndexerStreams(nats, eventNames);
    await nats.close();
    await fetch(`${opensearchUrl}/${names.OPENSEARCH_INDEX}-v*`, { method: "DELETE" });
  });

  it(`share the work of ${releaseCount} releases and index each exactly once`, async () => {
    const js = jetstream(nats);
    const base = sampleRelease();
    const subject = releaseEventSubject(eventNames, "release.published", "mci-kz");
    const publishes: Promise<unknown>[] = [];
    for (let i = 0; i < releaseCount; i++) {
      const event = releaseEvent({ externalId: `bulk-${i}`, release: { title: `${base.title} №${i}` } });
      publishes.push(js.publish(subject, JSON.stringify(event), { msgID: releaseEventMessageId(event.releaseId, 1) }));
    }
    await Promise.all(publishes);

    await eventually(
      async () => {
        await fetch(`${opensearchUrl}/${names.OPENSEARCH_INDEX}/_refresh`, { method: "POST" });
        const response = await fetch(`${opensearchUrl}/${names.OPENSEARCH_INDEX}/_count`);
        expect(((await response.json()) as { count: number }).count).toBe(releaseCount);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );

    // Exactly once: 1,000 distinct documents, and the two indexers' successful writes add up to 1,000
    // (a second write of the same version would be refused by OpenSearch and not counted).
    const indexedBy = await Promise.all(
      indexers.map(async (indexer) => {
        const metrics = await (await fetch(`http://127.0.0.1:${indexer.port}/metrics`)).text();
        return Number(/^gazette_indexer_documents_indexed_total (\d+)$/m.exec(metrics)?.[1]);
      }),
    );
    expect(indexedBy[0]! + indexedBy[1]!).toBe(releaseCount);
    expect(
      indexedBy.every((n) => n > 0),
      `work split ${indexedBy.join(" / ")}`,
    ).toBe(true);
  });
});
