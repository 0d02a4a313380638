import { describe, expect, it } from "vitest";
import { groupStories, maxStoryReleases } from "../src/stories/story-grouping.ts";
import { scoreStories, storyNodes } from "../../../bench/story-eval/evaluate.ts";
import { storyEvalReleases } from "../../../bench/story-eval/stories.ts";

describe("story grouping on the story eval (republications, shared boilerplate, templated news)", () => {
  it("merges no two different stories and finds at least three quarters of the pairs of one story", () => {
    const stories = new Map<string, number>();
    for (const release of storyEvalReleases) stories.set(release.story, (stories.get(release.story) ?? 0) + 1);
    expect([...stories.values()].filter((count) => count > 1).length).toBeGreaterThanOrEqual(40);
    const score = scoreStories(storyEvalReleases);
    expect(score.falseMerges).toEqual([]);
    expect(score.recall, JSON.stringify(score.misses)).toBeGreaterThanOrEqual(0.75);
  });

  it("keeps templated routine releases (storm warnings by region and day, appointments, briefings) apart", () => {
    const templated = storyEvalReleases.filter((release) => release.publisher === "template-kz");
    const assigned = groupStories(storyNodes(templated));
    expect(new Set([...assigned.values()].map((story) => story.storyId)).size).toBe(templated.length);
  });
});

/** A story of four copies and two other releases, as the eval's nodes. */
function sample(): ReturnType<typeof storyNodes> {
  const nodes = storyNodes(storyEvalReleases);
  return nodes.filter((node) => /^ru03(?:-|$)/.test(node.key) || ["ru04", "kk01"].includes(node.key));
}

const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

describe("groupStories", () => {
  it("gives the same stories whatever order the releases came in (out-of-order events, replays)", () => {
    const nodes = sample();
    expect(nodes.length).toBeGreaterThanOrEqual(4);
    const expected = groupStories(nodes);
    expect(new Set([...expected.values()].map((story) => story.storyId)).size).toBe(3);
    for (let seed = 1; seed <= 20; seed++) expect(groupStories(shuffled(nodes, seed))).toEqual(expected);
    expect(groupStories([...nodes, ...nodes])).toEqual(expected);
  });

  it("makes a late, earlier copy the story's canonical release", () => {
    const nodes = sample().filter((node) => node.key.startsWith("ru03"));
    const original = nodes.find((node) => node.key === "ru03")!;
    const copies = nodes.filter((node) => node !== original);
    const before = groupStories(copies);
    expect([...before.values()].every((story) => story.storyId !== original.id)).toBe(true);
    const after = groupStories([...copies, original]);
    expect([...after.values()].every((story) => story.storyId === original.id)).toBe(true);
    expect(after.get(original.id)).toEqual({ storyId: original.id, canonical: true });
  });

  it("leaves a withdrawn release alone and never joins two languages", () => {
    const nodes = sample().filter((node) => node.key.startsWith("ru03"));
    const [first, ...rest] = nodes;
    const withdrawn = groupStories([{ ...first!, withdrawn: true }, ...rest]);
    expect(withdrawn.get(first!.id)).toEqual({ storyId: first!.id, canonical: true });
    const otherLanguage = groupStories([{ ...first!, language: "kk" }, ...rest]);
    expect(otherLanguage.get(first!.id)).toEqual({ storyId: first!.id, canonical: true });
  });

  it(`grows a story to at most ${maxStoryReleases} releases, and leaves a flood of the same text ungrouped`, () => {
    const [first] = sample();
    const copies = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        ...first!,
        id: `copy-${String(i).padStart(4, "0")}`,
        publishedAt: new Date(Date.parse(first!.publishedAt) + i * 60_000).toISOString(),
      }));
    const sizes = (count: number) => {
      const stories = new Map<string, number>();
      for (const story of groupStories(copies(count)).values())
        stories.set(story.storyId, (stories.get(story.storyId) ?? 0) + 1);
      return [...stories.values()];
    };
    expect(sizes(maxStoryReleases)).toEqual([maxStoryReleases]);
    // More copies than a story holds share every band: a flood, compared with nothing, each its own story.
    expect(sizes(2000)).toEqual(Array.from({ length: 2000 }, () => 1));
  });
});
