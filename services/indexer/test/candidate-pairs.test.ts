import { describe, expect, it } from "vitest";
import { candidatePairs, maxStoryReleases, type StoryNode } from "../src/stories/story-grouping.ts";

/** The pairs as specified: every pair sharing a band of at most `maxStoryReleases` members, each once, sorted by i then j. */
function specifiedPairs(nodes: readonly StoryNode[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const shared = (nodes[i]!.bands ?? []).some(
        (band) =>
          (nodes[j]!.bands ?? []).includes(band) &&
          nodes.filter((node) => (node.bands ?? []).includes(band)).length <= maxStoryReleases,
      );
      if (shared) pairs.push([i, j]);
    }
  return pairs;
}

const nodeWith = (i: number, bands: string[] | undefined): StoryNode => ({
  id: `r${i}`,
  language: "ru",
  publishedAt: "2026-01-01T00:00:00Z",
  signature: [],
  size: 0,
  marks: [],
  withdrawn: false,
  ...(bands === undefined ? {} : { bands }),
});

describe("candidatePairs", () => {
  it("gives the pairs sharing a band, each once and in order, leaving out bands of more than the largest story", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 20; round++) {
      const count = 20 + random(120);
      // A few bands shared widely (one of them by more releases than a story may have), many rarely;
      // a release's bands are distinct (each names its place in the signature).
      const bandsOf = () =>
        new Set(
          Array.from({ length: 1 + random(6) }, () =>
            random(4) === 0 ? `common-${random(3)}` : `band-${random(200)}`,
          ),
        );
      const nodes = Array.from({ length: count }, (_, i) => nodeWith(i, [...bandsOf()]));
      const pairs = candidatePairs(nodes);
      expect(pairs).toEqual(specifiedPairs(nodes));
      expect(pairs.length).toBeGreaterThan(0);
    }
  });

  it("pairs everything when a node has no bands, and nothing across a flood's band", () => {
    expect(candidatePairs([nodeWith(0, ["a"]), nodeWith(1, undefined), nodeWith(2, ["b"])])).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    const flood = Array.from({ length: maxStoryReleases + 1 }, (_, i) => nodeWith(i, ["footer"]));
    expect(candidatePairs(flood)).toEqual([]);
    expect(candidatePairs(flood.slice(1))).toHaveLength((maxStoryReleases * (maxStoryReleases - 1)) / 2);
  });
});
