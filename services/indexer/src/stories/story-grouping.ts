import { containment, marksAgreement, primaryLanguage } from "./story-signature.ts";

/**
 * How similar two releases' signatures must be to be one story: measured on the story eval (ADR 0016);
 * false merges cost more than misses, so it sits above every pair of different news measured.
 */
export const storyThreshold = 0.6;
/** How many of the fewer numbers and names the other text must have too. */
export const marksThreshold = 0.7;

/** Whether two releases are one story: one language, the smaller text mostly held by the larger, names and numbers agreeing. */
export function sameStory(a: StoryNode, b: StoryNode, thresholds: StoryThresholds = defaultThresholds): boolean {
  if (primaryLanguage(a.language) !== primaryLanguage(b.language)) return false;
  if (containment(a.signature!, a.size, b.signature!, b.size) < thresholds.text) return false;
  const among = (numbers: readonly string[] | undefined, marks: readonly string[]) =>
    (numbers ?? []).every((number) => marks.includes(number));
  if (!among(a.titleNumbers, b.marks) || !among(b.titleNumbers, a.marks)) return false;
  return marksAgreement(a.marks, b.marks) >= thresholds.marks;
}

/** Whether two releases are linked: neither withdrawn, both signed, and one story by `sameStory`. */
export function linked(a: StoryNode, b: StoryNode, thresholds: StoryThresholds = defaultThresholds): boolean {
  return joinable(a) && joinable(b) && sameStory(a, b, thresholds);
}

const joinable = (node: StoryNode) => !node.withdrawn && node.signature !== undefined && node.signature.length > 0;

export interface StoryThresholds {
  /** How much of the smaller text the larger must hold. */
  text: number;
  /** How many of the fewer numbers and names the other must have. */
  marks: number;
}
const defaultThresholds: StoryThresholds = { text: storyThreshold, marks: marksThreshold };

/** A release as story grouping sees it. */
export interface StoryNode {
  id: string;
  language: string;
  publishedAt: string;
  signature: readonly number[] | undefined;
  /** Shingles the signature was made of. */
  size: number;
  marks: readonly string[];
  /** The title's numbers: each must be among the other release's marks (a series differs in them). */
  titleNumbers?: readonly string[];
  /** The signature's LSH bands: only releases sharing one are compared (all pairs when absent). */
  bands?: readonly string[];
  /** Withdrawn releases belong to no story but their own. */
  withdrawn: boolean;
}

export interface StoryAssignment {
  /** The id of the story's canonical release: its earliest publication (ties: the smaller id). */
  storyId: string;
  /** Whether this release is its story's canonical release. */
  canonical: boolean;
}

/**
 * A story grows to at most this many releases: more near-copies than that is a template (a daily
 * bulletin) or a flood, not one news item, and comparing them all would cost every write (ADR 0016).
 * A band shared by more releases than this makes no candidates at all (`candidatePairs`).
 */
export const maxStoryReleases = 50;

/** A node with its publication time, parsed once (a sort compares each node many times). */
interface Timed {
  node: StoryNode;
  at: number;
}

const earlier = (a: Timed, b: Timed) => (a.at !== b.at ? a.at < b.at : a.node.id < b.node.id);

/**
 * Pairs worth comparing: those sharing a band (every pair when a node has no bands), each once,
 * i < j. A band shared by more than `maxStoryReleases` releases is a template's or a flood's (the same
 * text sent again and again): it makes no pairs, so a flood costs a look at each band and no
 * comparisons (tens of thousands of copies took the indexer from 200 to 30 releases a second).
 */
export function candidatePairs(nodes: readonly StoryNode[]): [number, number][] {
  if (nodes.some((node) => node.bands === undefined)) {
    const all: [number, number][] = [];
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) all.push([i, j]);
    return all;
  }
  const byBand = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    for (const band of node.bands ?? []) {
      const members = byBand.get(band);
      if (members === undefined) byBand.set(band, [i]);
      else members.push(i);
    }
  });
  // Each node's later partners, then each list without repeats, in order: the pairs sorted by i, then
  // j, with no set of all pairs and no sort of them all (that was most of a story pass under R2).
  const partners: number[][] = nodes.map(() => []);
  for (const members of byBand.values()) {
    if (members.length < 2 || members.length > maxStoryReleases) continue;
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) partners[members[x]!]!.push(members[y]!);
  }
  const pairs: [number, number][] = [];
  const lastPartnerOf = new Int32Array(nodes.length).fill(-1);
  partners.forEach((later, i) => {
    if (later.length === 0) return;
    const distinct: number[] = [];
    for (const j of later) {
      if (lastPartnerOf[j] === i) continue;
      lastPartnerOf[j] = i;
      distinct.push(j);
    }
    distinct.sort((a, b) => a - b);
    for (const j of distinct) pairs.push([i, j]);
  });
  return pairs;
}

/**
 * Stories among these releases: the connected groups of releases of one language that `sameStory`
 * links, each named by its earliest release; at most `maxStoryReleases` each (links are taken earliest
 * releases first). A function of the set alone, so the same releases give the same stories whatever
 * order they came in, and a replay changes nothing.
 */
export function groupStories(
  input: readonly StoryNode[],
  thresholds: StoryThresholds = defaultThresholds,
): Map<string, StoryAssignment> {
  const timed = input
    .map((node) => ({ node, at: Date.parse(node.publishedAt) }))
    .sort((a, b) => (earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0));
  const nodes = timed.map(({ node }) => node);
  const parent = nodes.map((_, i) => i);
  const size = nodes.map(() => 1);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (const [i, j] of candidatePairs(nodes)) {
    const a = nodes[i]!;
    const b = nodes[j]!;
    const [rootA, rootB] = [find(i), find(j)];
    if (rootA === rootB || size[rootA]! + size[rootB]! > maxStoryReleases) continue;
    if (!linked(a, b, thresholds)) continue;
    parent[rootB] = rootA;
    size[rootA]! += size[rootB]!;
  }
  const canonicalOf = new Map<number, Timed>();
  timed.forEach((entry, i) => {
    const root = find(i);
    const current = canonicalOf.get(root);
    if (current === undefined || earlier(entry, current)) canonicalOf.set(root, entry);
  });
  return new Map(
    nodes.map((node, i) => {
      const canonical = canonicalOf.get(find(i))!.node;
      return [node.id, { storyId: canonical.id, canonical: canonical.id === node.id }];
    }),
  );
}
