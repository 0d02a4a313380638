import type { Logger, OpenSearchClient, ReleaseDocument } from "@gazette/shared";
import { bulkWriteDocuments, rewriteDocuments, type VersionedDocument, type WriteOutcome } from "../index/index.ts";
import { RecentWrites } from "./recent-writes.ts";
import {
  candidatePairs,
  groupStories,
  linked,
  maxStoryReleases,
  type StoryAssignment,
  type StoryNode,
} from "./story-grouping.ts";

/** What a story pass reads of each release it compares. */
const storyFields = [
  "id",
  "language",
  "publishedAt",
  "status",
  "version",
  "storySignature",
  "storySize",
  "storyMarks",
  "storyTitleNumbers",
  "storyBands",
  "storyId",
  "storyCanonical",
] as const;
type StoryView = Pick<ReleaseDocument, (typeof storyFields)[number]>;

/** At most this many releases are read per query: a story of more copies is grouped from these. */
const maxRead = 200;
/** Once flood bands are left out, every release read shares a band with at most 50 others: read more. */
const maxReadWithoutFloods = 1000;
/** Flood bands remembered (a set of strings, emptied when full; they are found again when needed). */
const maxFloodBands = 100_000;

export interface StoryPlan {
  /** The batch, each document with its story (same order and length). */
  documents: VersionedDocument[];
  /** Releases already in the index whose story changed: written again at their own version. */
  rewrites: VersionedDocument[];
}

/** A release as grouping compares it, from its indexed document (or the part a story pass reads). */
export const storyNodeOf = (view: StoryView): StoryNode => ({
  id: view.id,
  language: view.language,
  publishedAt: view.publishedAt,
  signature: view.storySignature,
  size: view.storySize ?? 0,
  marks: view.storyMarks ?? [],
  titleNumbers: view.storyTitleNumbers ?? [],
  bands: view.storyBands ?? [],
  withdrawn: view.status === "withdrawn",
});

const changed = (view: StoryView, assignment: StoryAssignment) =>
  view.storyId !== assignment.storyId || view.storyCanonical !== assignment.canonical;

/** A read of an index that is not there (deleted behind the alias): nothing to compare with; the write deals with it. */
const isIndexMissing = (error: unknown) =>
  (error as { meta?: { statusCode?: number } }).meta?.statusCode === 404 ||
  /index_not_found/.test(String((error as Error).message));

/**
 * Story grouping in the indexing path (ADR 0016). Before a batch is written, each release is compared
 * with the releases sharing one of its signature's bands and with the members of their stories (and of
 * its own former story); the stories of all of them are worked out anew (`groupStories`: a function of
 * the set, so replays and late, earlier copies give the same stories as any other order), the batch is
 * written with its stories, and releases whose story changed are written again at their own version.
 *
 * Writes of the last few seconds are not yet searchable (the index refreshes every second), so this
 * process remembers them. A reindex loads an index that does not refresh itself (`refreshEveryPlans`):
 * it is refreshed before the first plan's reads and every n-th after, and what was written meanwhile
 * is remembered until then (refreshing before every plan made a segment of each batch).
 */
export class StoryAssigner {
  readonly #client: OpenSearchClient;
  readonly #index: string;
  /** Refresh before every n-th plan (a load without refreshes of its own); undefined: the index refreshes itself. */
  readonly #refreshEveryPlans: number | undefined;
  #plansSinceRefresh = 0;
  readonly #recent: RecentWrites;
  /** A load's writes still in flight: settled before a refresh (which makes them visible and ends their memory). */
  readonly #beforeRefresh: () => Promise<unknown>;
  /**
   * Bands the index holds in more than `maxStoryReleases` releases: a footer or a template that every
   * release of a ministry carries. They make no candidates (`candidatePairs`), so reads leave them out.
   */
  readonly #floodBands = new Set<string>();

  constructor(
    client: OpenSearchClient,
    index: string,
    options: { refreshEveryPlans?: number; recentMs?: number; beforeRefresh?: () => Promise<unknown> } = {},
  ) {
    this.#client = client;
    this.#index = index;
    this.#refreshEveryPlans = options.refreshEveryPlans;
    this.#beforeRefresh = options.beforeRefresh ?? (async () => undefined);
    // Between refreshes of a load, everything written is remembered: nothing else makes it visible.
    this.#recent = new RecentWrites(options.refreshEveryPlans === undefined ? (options.recentMs ?? 5000) : Infinity);
  }

  /** The batch with its stories, and the rewrites of releases whose story changed. */
  async plan(batch: readonly VersionedDocument[]): Promise<StoryPlan> {
    const latest = new Map<string, ReleaseDocument>();
    for (const { document } of batch) {
      const known = latest.get(document.id);
      if (known === undefined || known.version <= document.version) latest.set(document.id, document);
    }
    const stored = await this.#neighbourhood([...latest.values()]);
    const nodes = new Map<string, StoryNode>([...stored.values()].map((view) => [view.id, storyNodeOf(view)]));
    for (const document of latest.values()) nodes.set(document.id, storyNodeOf(document));
    const stories = groupStories([...nodes.values()]);
    const documents = batch.map(({ document, version }) => {
      const story = stories.get(document.id)!;
      return { document: { ...document, storyId: story.storyId, storyCanonical: story.canonical }, version };
    });
    const moved = [...stored.values()].filter((view) => !latest.has(view.id) && changed(view, stories.get(view.id)!));
    return { documents, rewrites: await this.#rewritesOf(moved, stories) };
  }

  /**
   * Remembers what was written (or, in a load, is being written), for the passes until it is searchable;
   * an older version than the one remembered is not.
   */
  remember(documents: readonly VersionedDocument[]): void {
    this.#recent.remember(documents.map(({ document }) => document));
  }

  /**
   * Stored releases that are one story with a batch release (read by shared band, then compared), the
   * batch's former selves, and all members of their stories. Candidates that share a band but are
   * not one story with any batch release are left out: most writes then read no story at all.
   */
  async #neighbourhood(documents: readonly ReleaseDocument[]): Promise<Map<string, StoryView>> {
    const ids = new Set(documents.map((document) => document.id));
    if (this.#refreshEveryPlans !== undefined && this.#plansSinceRefresh++ % this.#refreshEveryPlans === 0) {
      // Once every write so far has finished, the refresh shows them all, and nothing remembered is needed.
      await this.#beforeRefresh();
      await this.#client.indices.refresh({ index: this.#index });
      this.#recent.clear();
    }
    const { found, bands } = await this.#candidates(documents, ids);
    for (const view of this.#recent.find({ ids, bands })) found.set(view.id, view);
    // Only candidates one story with a batch release stay, compared pair by pair where they share a
    // band (a band of a flood makes no pairs: candidatePairs).
    const others = [...found.values()].filter((view) => !ids.has(view.id));
    const nodes = [...documents.map(storyNodeOf), ...others.map(storyNodeOf)];
    const neighbours = new Set<string>();
    for (const [i, j] of candidatePairs(nodes))
      if (i < documents.length && j >= documents.length && linked(nodes[i]!, nodes[j]!)) neighbours.add(nodes[j]!.id);
    for (const view of others) if (!neighbours.has(view.id)) found.delete(view.id);
    const storyIdSet = new Set(
      [...found.values()].flatMap((view) => (view.storyId === undefined ? [] : [view.storyId])),
    );
    if (storyIdSet.size > 0) {
      for (const [id, view] of await this.#read({ terms: { storyId: [...storyIdSet] } }))
        if (!found.has(id)) found.set(id, view);
      for (const view of this.#recent.find({ inStories: storyIdSet })) found.set(view.id, view);
    }
    return found;
  }

  /**
   * The stored releases sharing a band with the batch (and the batch's former selves). When more share
   * one than a read takes, the bands shared by more than `maxStoryReleases` releases are found (one
   * aggregation), remembered and left out, and the rest is read again: otherwise a footer shared by
   * a ministry's whole archive would fill the read with arbitrary releases and hide the one copied.
   */
  async #candidates(
    documents: readonly ReleaseDocument[],
    ids: ReadonlySet<string>,
  ): Promise<{ found: Map<string, StoryView>; bands: string[] }> {
    const all = [...new Set(documents.flatMap((document) => document.storyBands ?? []))];
    let bands = all.filter((band) => !this.#floodBands.has(band));
    const query = (bands: readonly string[]) => ({
      bool: {
        filter: [{ bool: { should: [{ terms: { storyBands: bands } }, { ids: { values: [...ids] } }] } }],
      },
    });
    const found = await this.#read(query(bands));
    if (found.size < maxRead) return { found, bands };
    // No band left to read by (releases without text enough for one, or only floods known already):
    // what was found is the batch's former selves, more than a read takes, and there are no bands to
    // look for floods among (a terms aggregation of size 0 is refused): read them all.
    if (bands.length === 0) return { found: await this.#read(query(bands), maxReadWithoutFloods), bands };
    const floods = await this.#floodBandsAmong(bands);
    if (floods.size === 0) return { found, bands };
    if (this.#floodBands.size + floods.size > maxFloodBands) this.#floodBands.clear();
    for (const band of floods) this.#floodBands.add(band);
    bands = bands.filter((band) => !floods.has(band));
    return { found: await this.#read(query(bands), maxReadWithoutFloods), bands };
  }

  /** Which of these bands more than `maxStoryReleases` stored releases share. */
  async #floodBandsAmong(bands: readonly string[]): Promise<Set<string>> {
    const response = await this.#client.search({
      index: this.#index,
      body: {
        size: 0,
        query: { terms: { storyBands: bands } },
        aggs: {
          floods: {
            terms: { field: "storyBands", include: bands, size: bands.length, min_doc_count: maxStoryReleases + 1 },
          },
        },
      } as never,
    });
    const buckets = (response.body as unknown as { aggregations: { floods: { buckets: { key: string }[] } } })
      .aggregations.floods.buckets;
    return new Set(buckets.map((bucket) => bucket.key));
  }

  async #read(query: object, size = maxRead): Promise<Map<string, StoryView>> {
    try {
      const response = await this.#client.search({
        index: this.#index,
        body: { query, size, _source: [...storyFields] } as never,
      });
      const hits = (response.body as { hits: { hits: { _source: StoryView }[] } }).hits.hits;
      return new Map(hits.map((hit) => [hit._source.id, hit._source]));
    } catch (error) {
      if (isIndexMissing(error)) return new Map();
      throw error;
    }
  }

  /**
   * The full documents of releases whose story changed, with their new story, at their stored version.
   * A load takes those it remembers from memory (their write may not have finished); the rest are read.
   */
  async #rewritesOf(moved: readonly StoryView[], stories: Map<string, StoryAssignment>): Promise<VersionedDocument[]> {
    if (moved.length === 0) return [];
    const inMemory =
      this.#refreshEveryPlans === undefined ? [] : moved.flatMap((view) => this.#recent.get(view.id) ?? []);
    const remembered = new Set(inMemory.map((document) => document.id));
    const toRead = moved.filter((view) => !remembered.has(view.id)).map((view) => view.id);
    const read =
      toRead.length === 0
        ? []
        : (
            (await this.#client.mget({ index: this.#index, body: { ids: toRead } })).body as {
              docs: { found?: boolean; _source?: ReleaseDocument }[];
            }
          ).docs.flatMap((doc) => (doc.found === true && doc._source !== undefined ? [doc._source] : []));
    return [...inMemory, ...read].map((stored) => {
      const story = stories.get(stored.id)!;
      return {
        document: { ...stored, storyId: story.storyId, storyCanonical: story.canonical },
        version: stored.version,
      };
    });
  }
}

/**
 * The live write path: each batch gets its stories, is written through the alias (stamped `stamp`),
 * then the releases whose story changed are written again; what was written is remembered.
 */
export function storyAwareWriter(
  client: OpenSearchClient,
  alias: string,
  logger: Logger,
): (batch: readonly VersionedDocument[], stamp: number) => Promise<WriteOutcome[]> {
  const stories = new StoryAssigner(client, alias);
  return async (batch, stamp) => {
    const plan = await stories.plan(batch);
    const outcomes = await bulkWriteDocuments(client, alias, plan.documents, new Date(stamp), { requireAlias: true });
    stories.remember(plan.documents.filter((_, i) => outcomes[i]?.kind === "written"));
    // The batch is written: a story change of other releases that does not go through now (OpenSearch
    // busy) must not make the batch count as failed; the next write touching the story puts it right.
    try {
      await rewriteDocuments(client, alias, plan.rewrites);
      stories.remember(plan.rewrites);
    } catch (error) {
      logger.warn(
        { err: error, releases: plan.rewrites.length },
        "story change of indexed releases not written: left for the next write",
      );
    }
    return outcomes;
  };
}
