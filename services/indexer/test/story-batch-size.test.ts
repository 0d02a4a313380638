import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOpenSearchClient, type OpenSearchClient } from "@gazette/shared";
import { loadIndexerConfig, maxBatchSize } from "../src/config.ts";
import { ensureReleaseIndex } from "../src/index/index-setup.ts";
import { releaseToDocument } from "../src/index/release-presenter.ts";
import { StoryAssigner } from "../src/stories/story-assigner.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { dropReleaseIndex } from "../../../test/support/release-index.ts";

/** Words for releases that share almost nothing, so that each has 64 signature bands of its own. */
const vocabulary = Array.from({ length: 2000 }, (_, i) => `слово${i.toString(36)}`);

/** A release of 40 words drawn by a small seeded generator: no two share a band. */
function distinctRelease(i: number) {
  let seed = (i + 1) * 2_654_435_761;
  const words = Array.from({ length: 40 }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return vocabulary[seed % vocabulary.length];
  });
  return releaseToDocument(
    releaseEvent({
      externalId: `distinct-${i}`,
      release: { language: "ru", title: `Сообщение ${i}`, body: `<p>${words.join(" ")}.</p>` },
    }),
  );
}

describe("a batch of the largest size the indexer takes (real OpenSearch)", () => {
  const alias = uniqueNames("story-batch").OPENSEARCH_INDEX;
  let client: OpenSearchClient;

  beforeAll(async () => {
    client = createOpenSearchClient(inject("opensearchUrl"));
    await ensureReleaseIndex(client, alias);
  });

  afterAll(async () => {
    await dropReleaseIndex(client, alias);
  });

  it("refuses a batch size whose story read OpenSearch would refuse", () => {
    expect(loadIndexerConfig({ INDEXER_BATCH_SIZE: String(maxBatchSize) }).INDEXER_BATCH_SIZE).toBe(maxBatchSize);
    expect(() => loadIndexerConfig({ INDEXER_BATCH_SIZE: String(maxBatchSize + 1) })).toThrow(/INDEXER_BATCH_SIZE/);
  });

  it(`plans the stories of ${maxBatchSize} releases with no band in common in one pass`, async () => {
    const batch = Array.from({ length: maxBatchSize }, (_, i) => ({ document: distinctRelease(i), version: 1 }));
    const bands = new Set(batch.flatMap(({ document }) => document.storyBands ?? []));
    // The read names nearly as many terms as OpenSearch takes.
    expect(bands.size).toBeGreaterThan(60_000);
    const plan = await new StoryAssigner(client, alias).plan(batch);
    expect(plan.documents).toHaveLength(maxBatchSize);
  }, 60_000);

  it("which is the limit: OpenSearch refuses the read of a batch a tenth larger", async () => {
    const batch = Array.from({ length: maxBatchSize * 1.1 }, (_, i) => ({ document: distinctRelease(i), version: 1 }));
    await expect(new StoryAssigner(client, alias).plan(batch)).rejects.toThrow(/max_terms_count|too_many/i);
  }, 60_000);
});
