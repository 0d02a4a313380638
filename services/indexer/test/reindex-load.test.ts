import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOpenSearchClient, type OpenSearchClient, type ReleaseDocument } from "@gazette/shared";
import { ensureReleaseIndex } from "../src/index/index-setup.ts";
import { writeAllDocuments } from "../src/index/reindex.ts";
import { groupStories } from "../src/stories/story-grouping.ts";
import { storyNodeOf } from "../src/stories/story-assigner.ts";
import { storyEvalDocument } from "../../../bench/story-eval/evaluate.ts";
import { storyEvalReleases } from "../../../bench/story-eval/stories.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { dropReleaseIndex } from "../../../test/support/release-index.ts";

/** Each release's story partner set: the ids of its story, sorted (story ids differ by who came first, not by who is in). */
const membersOf = (storyOf: Map<string, string>) => {
  const byStory = new Map<string, string[]>();
  for (const [id, story] of storyOf) byStory.set(story, [...(byStory.get(story) ?? []), id]);
  return new Map([...storyOf].map(([id, story]) => [id, byStory.get(story)!.sort().join(" ")]));
};

/**
 * A reindex loads an index that does not refresh itself, batch after batch; the story passes refresh it
 * only before every tenth batch and remember what was written since. The stories it writes must be
 * those of the whole set (`groupStories`, a function of the set), whichever batch each copy fell in.
 */
describe("a reindex load's stories (real OpenSearch, story eval releases in small batches)", () => {
  const alias = uniqueNames("reindex-stories").OPENSEARCH_INDEX;
  let client: OpenSearchClient;
  // Copies of one story are neighbours in the eval's list: a stride spreads them over many batches.
  const documents: ReleaseDocument[] = storyEvalReleases
    .map((_, i) => storyEvalReleases[(i * 37) % storyEvalReleases.length]!)
    .map(storyEvalDocument);

  beforeAll(async () => {
    client = createOpenSearchClient(inject("opensearchUrl"));
    await ensureReleaseIndex(client, alias);
    await client.indices.putSettings({ index: `${alias}-v*`, body: { index: { refresh_interval: "-1" } } });
  });

  afterAll(async () => {
    await dropReleaseIndex(client, alias);
  });

  it("groups copies that came in different batches between refreshes as the whole set groups them", async () => {
    expect(new Set(documents.map((document) => document.id)).size).toBe(storyEvalReleases.length);
    async function* source() {
      for (const document of documents) yield { document, version: 1 };
    }
    const written = await writeAllDocuments(client, alias, source(), undefined, { batchSize: 7 });
    expect(written).toBe(documents.length);

    await client.indices.refresh({ index: alias });
    const response = await client.search({
      index: alias,
      body: { size: 1000, query: { match_all: {} }, _source: ["id", "storyId"] },
    });
    const hits = (response.body.hits.hits as { _source: { id: string; storyId: string } }[]).map((hit) => hit._source);
    const stored = membersOf(new Map(hits.map((hit) => [hit.id, hit.storyId])));
    const expected = membersOf(
      new Map([...groupStories(documents.map(storyNodeOf))].map(([id, story]) => [id, story.storyId])),
    );
    // The test means something only if many stories have copies in batches far apart.
    const shared = [...expected.values()].filter((members) => members.includes(" "));
    expect(shared.length).toBeGreaterThanOrEqual(80);
    expect(stored).toEqual(expected);
  });

  it("writes every version of a release in its order, though a batch goes as several requests at once", async () => {
    // Versions 2 to 4 of 41 releases (an odd number, so that splitting by position would part them) the first test wrote at 1, interleaved in one batch: a version sent in another
    // request than its predecessor could arrive first, and the older one would then be refused (409).
    const releases = documents.slice(0, 41);
    const versions = [2, 3, 4].flatMap((version) =>
      releases.map((document) => ({
        document: { ...document, version, title: `${document.title} v${version}` },
        version,
      })),
    );
    async function* source() {
      yield* versions;
    }
    const written = await writeAllDocuments(client, alias, source(), undefined, { batchSize: versions.length });
    expect(written).toBe(versions.length);
    await client.indices.refresh({ index: alias });
    const response = await client.mget({ index: alias, body: { ids: releases.map((document) => document.id) } });
    const docs = (response.body as unknown as { docs: { _source: ReleaseDocument }[] }).docs;
    expect(docs.map((doc) => doc._source.version)).toEqual(releases.map(() => 4));
  });
});
