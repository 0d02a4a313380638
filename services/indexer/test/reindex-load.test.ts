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

  it("moves a release to an earlier copy's story while the release's own write is still under way", async () => {
    // A story's later copy first, in a large batch that takes a while to write; its earlier copy alone in
    // the next, planned meanwhile: the later one's story changes (the earlier is the canonical), and its
    // rewrite must start from what is being written, which a read of the index cannot find yet.
    const byStory = new Map<string, typeof storyEvalReleases>();
    for (const release of storyEvalReleases)
      byStory.set(release.story, [...(byStory.get(release.story) ?? []), release]);
    // A story of two copies published at different times, which grouping links.
    const pair = [...byStory.values()]
      .filter((members) => members.length === 2 && members[0]!.publishedAt !== members[1]!.publishedAt)
      .map((members) => [...members].sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt)))
      .find(
        (members) =>
          new Set(
            [...groupStories(members.map(storyEvalDocument).map(storyNodeOf)).values()].map((story) => story.storyId),
          ).size === 1,
      )!;
    const [earlier, latest] = pair.map(storyEvalDocument) as [ReleaseDocument, ReleaseDocument];
    const others = storyEvalReleases.filter((release) => !pair.includes(release)).map(storyEvalDocument);
    const expected = groupStories([earlier, latest, ...others].map(storyNodeOf));
    expect(expected.get(latest.id)).toEqual({ storyId: expected.get(earlier.id)!.storyId, canonical: false });
    const fresh = `${alias}-moves`;
    await client.indices.create({ index: fresh, body: { settings: { index: { refresh_interval: "-1" } } } });
    async function* source() {
      for (const document of [latest, ...others, earlier]) yield { document, version: 1 };
    }
    await writeAllDocuments(client, fresh, source(), undefined, { batchSize: others.length + 1 });
    const response = await client.mget({ index: fresh, body: { ids: [earlier.id, latest.id] } });
    const stories = (response.body as unknown as { docs: { _source: ReleaseDocument }[] }).docs.map(
      (doc) => `${doc._source.storyId} ${doc._source.storyCanonical}`,
    );
    await client.indices.delete({ index: fresh });
    const story = expected.get(earlier.id)!.storyId;
    expect(stories).toEqual([`${story} true`, `${story} false`]);
  });
});
