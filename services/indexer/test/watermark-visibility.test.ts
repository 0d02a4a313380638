import { jetstream } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { completeThrough, openWatermarksBucket, releaseEventMessageId, releaseEventSubject } from "@gazette/shared";
import { startIndexerHarness } from "./indexer-harness.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { eventually } from "../../../test/support/eventually.ts";

const releaseCount = 40;

/**
 * /v1/changes lists changes up to the indexers' watermark (ADR 0010), so a watermark ahead of what
 * search shows makes a mirror skip changes for ever. A node under load refreshes late; here the
 * index refreshes every 3 s instead of every second, and the watermark must still never claim a
 * write that search does not show yet (ADR 0034: a write counts once a refresh begun after its answer
 * has finished).
 */
describe("an indexer's watermark against an index that refreshes late (real NATS and OpenSearch)", () => {
  const opensearchUrl = inject("opensearchUrl");
  let harness: Awaited<ReturnType<typeof startIndexerHarness>>;
  let watermarks: KV;

  beforeAll(async () => {
    harness = await startIndexerHarness("visible", opensearchUrl, { INDEXER_BATCH_SIZE: "10" });
    const slow = await fetch(`${opensearchUrl}/${harness.names.OPENSEARCH_INDEX}/_settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ index: { refresh_interval: "3s" } }),
    });
    expect(slow.status).toBe(200);
    watermarks = await openWatermarksBucket(jetstream(harness.nats), harness.eventNames);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** The index's completeness as feeds computes it, from the bucket (one indexer: its one key). */
  let watermarkKey: string | undefined;
  const currentWatermark = async () => {
    if (watermarkKey === undefined) for await (const key of await watermarks.keys()) watermarkKey = key;
    const entry = watermarkKey === undefined ? null : await watermarks.get(watermarkKey);
    if (entry?.operation !== "PUT") return undefined;
    const { watermark } = entry.json<{ watermark?: number }>();
    return typeof watermark === "number"
      ? completeThrough([{ watermark, storedAt: entry.created.getTime() }])
      : undefined;
  };

  const searchableIds = async () => {
    const response = await fetch(`${opensearchUrl}/${harness.names.OPENSEARCH_INDEX}/_search`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ size: releaseCount, _source: ["id"], query: { match_all: {} } }),
    });
    const { hits } = (await response.json()) as { hits: { hits: { _source: { id: string } }[] } };
    return new Set(hits.hits.map((hit) => hit._source.id));
  };

  it("never stands past a written release that search does not show yet", async () => {
    const js = jetstream(harness.nats);
    const subject = releaseEventSubject(harness.eventNames, "release.published", "mci-kz");
    const samples: { watermark: number; searchable: Set<string> }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        // The watermark first, then what search shows: anything stamped at or before it must be there.
        const watermark = await currentWatermark();
        if (watermark !== undefined) samples.push({ watermark, searchable: await searchableIds() });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    for (let i = 0; i < releaseCount; i++) {
      const event = releaseEvent({ externalId: `visible-${i}` });
      await js.publish(subject, JSON.stringify(event), { msgID: releaseEventMessageId(event.releaseId, 1) });
      if (i % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await eventually(async () => expect((await searchableIds()).size).toBe(releaseCount), { timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    sampling = false;
    await sampler;

    const response = await fetch(`${opensearchUrl}/${harness.names.OPENSEARCH_INDEX}/_search`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ size: releaseCount, _source: ["id", "changedAt"], query: { match_all: {} } }),
    });
    const written = (
      (await response.json()) as { hits: { hits: { _source: { id: string; changedAt: string } }[] } }
    ).hits.hits.map((hit) => ({ id: hit._source.id, changedAt: Date.parse(hit._source.changedAt) }));
    expect(written).toHaveLength(releaseCount);
    const claimed = samples.map((sample) => written.filter((release) => release.changedAt <= sample.watermark));
    const ahead = samples.flatMap((sample, i) =>
      claimed[i]!.filter((release) => !sample.searchable.has(release.id)).map((release) => release.id),
    );
    // Not vacuous: while the releases came, the watermark claimed some and not yet others.
    expect(claimed.some((releases) => releases.length > 0 && releases.length < releaseCount)).toBe(true);
    expect(ahead, `${ahead.length} claims of ${samples.length} samples ahead of search`).toEqual([]);
  }, 120_000);
});
