/**
 * The story eval: the indexer's signatures and grouping on the story eval's releases, scored pair by
 * pair (two releases of one story grouped together: a hit; of different stories: a false merge).
 * Pure: no servers; the same functions the indexer runs.
 */
import {
  groupStories,
  releaseToDocument,
  storyContainment,
  storyMarksAgreement,
  storyNodeOf,
  storyMarksThreshold,
  storyThreshold,
  type StoryNode,
  type StoryThresholds,
} from "@gazette/indexer";
import { releaseIdFor, type ReleaseDocument } from "@gazette/shared";
import type { StoryEvalRelease } from "./stories.ts";

export interface StoryScore {
  thresholds: StoryThresholds;
  /** Pairs of one story grouped together / all pairs grouped together. */
  precision: number;
  /** Pairs of one story grouped together / all pairs of one story. */
  recall: number;
  truePairs: number;
  falseMerges: { a: string; b: string }[];
  misses: { a: string; b: string; similarity: { containment: number; marks: number } }[];
}

/** The document the indexer would write of an eval release (version 1). */
export function storyEvalDocument(release: StoryEvalRelease): ReleaseDocument {
  const id = releaseIdFor(release.publisher, release.key);
  return releaseToDocument({
    type: "release.published",
    releaseId: id,
    version: 1,
    occurredAt: release.publishedAt,
    release: {
      id,
      externalId: release.key,
      publisher: release.publisher,
      language: release.language,
      title: release.title,
      body: release.body,
      tags: [],
      images: [],
      publishedAt: release.publishedAt,
      updatedAt: release.publishedAt,
      version: 1,
    },
  });
}

/** What the indexer would store of each release: its story node. */
export function storyNodes(releases: readonly StoryEvalRelease[]): (StoryNode & { key: string; story: string })[] {
  return releases.map((release) => ({
    ...storyNodeOf(storyEvalDocument(release)),
    key: release.key,
    story: release.story,
  }));
}

/** What grouping compares: how much of the smaller text the larger holds, and how far their names and numbers agree. */
const similarityOf = (a: StoryNode, b: StoryNode) => ({
  containment: Number(storyContainment(a.signature ?? [], a.size, b.signature ?? [], b.size).toFixed(3)),
  marks: Number(storyMarksAgreement(a.marks, b.marks).toFixed(3)),
});

export function scoreStories(
  releases: readonly StoryEvalRelease[],
  thresholds: StoryThresholds = { text: storyThreshold, marks: storyMarksThreshold },
): StoryScore {
  const nodes = storyNodes(releases);
  const assigned = groupStories(nodes, thresholds);
  let together = 0;
  let hits = 0;
  let truePairs = 0;
  const falseMerges: StoryScore["falseMerges"] = [];
  const misses: StoryScore["misses"] = [];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]!;
      const b = nodes[j]!;
      const same = a.story === b.story;
      const grouped = assigned.get(a.id)!.storyId === assigned.get(b.id)!.storyId;
      if (same) truePairs++;
      if (grouped) together++;
      if (same && grouped) hits++;
      if (grouped && !same) falseMerges.push({ a: a.key, b: b.key });
      if (same && !grouped) misses.push({ a: a.key, b: b.key, similarity: similarityOf(a, b) });
    }
  return {
    thresholds,
    precision: together === 0 ? 1 : hits / together,
    recall: truePairs === 0 ? 1 : hits / truePairs,
    truePairs,
    falseMerges,
    misses,
  };
}

/** The most alike pair of different stories and the least alike pair of one story (same language). */
export function similarityMargins(releases: readonly StoryEvalRelease[]) {
  const nodes = storyNodes(releases);
  let closestDifferent = { similarity: { containment: 0, marks: 0 }, a: "", b: "" };
  const sameStory: number[] = [];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]!;
      const b = nodes[j]!;
      if (a.language !== b.language) continue;
      const similarity = similarityOf(a, b);
      if (a.story === b.story) sameStory.push(similarity.containment);
      else if (similarity.containment > closestDifferent.similarity.containment)
        closestDifferent = { similarity, a: a.key, b: b.key };
    }
  sameStory.sort((x, y) => x - y);
  return { closestDifferent, sameStory };
}
