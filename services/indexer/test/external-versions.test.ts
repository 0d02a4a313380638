import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseEventSubject, releaseIdFor } from "@gazette/shared";
import { startTestIndexer, type TestIndexer } from "../../../test/support/indexer-harness.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";
import { eventually } from "../../../test/support/eventually.ts";

describe("indexer on real NATS and OpenSearch: versions decide, not arrival order", () => {
  let harness: TestIndexer;
  let names: TestIndexer["names"];
  let eventNames: TestIndexer["eventNames"];
  let opensearchUrl = "";
  let nats: NatsConnection;

  beforeAll(async () => {
    harness = await startTestIndexer("versions", "warn");
    ({ names, eventNames, opensearchUrl, nats } = harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const eventAt = (version: number) =>
    releaseEvent({
      externalId: "versions",
      version,
      release: { title: `${sampleRelease().title} v${version}`, updatedAt: `2026-01-0${version}T10:00:00Z` },
    });

  it("delivers versions 3, 1, 2, 3 and ends with version 3", async () => {
    const js = jetstream(nats);
    for (const version of [3, 1, 2, 3]) {
      // No message id: the duplicate window must not be what saves us here.
      await js.publish(releaseEventSubject(eventNames, "release.updated", "mci-kz"), JSON.stringify(eventAt(version)));
    }
    const id = releaseIdFor("mci-kz", "versions");
    const consumer = await (await jetstreamManager(nats)).consumers.info(names.NATS_STREAM, names.INDEXER_DURABLE);
    expect(consumer.config.ack_policy).toBe("explicit");
    await eventually(
      async () => {
        const info = await (await jetstreamManager(nats)).consumers.info(names.NATS_STREAM, names.INDEXER_DURABLE);
        expect(info.ack_floor.stream_seq, "all four events acked").toBeGreaterThanOrEqual(4);
        expect(info.num_ack_pending).toBe(0);
      },
      { intervalMs: 100 },
    );
    const response = await fetch(`${opensearchUrl}/${names.OPENSEARCH_INDEX}/_doc/${id}`);
    const document = (await response.json()) as { _version: number; _source: { version: number; title: string } };
    expect(document._version).toBe(3);
    expect(document._source.version).toBe(3);
    expect(document._source.title).toMatch(/ v3$/);
  });
});
