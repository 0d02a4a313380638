import { GazetteError, type ReleaseDocument } from "@gazette/shared";

/*
 * What feeds, search and pages read from the index, in their own terms: the port the OpenSearch
 * adapter (release-reader.ts) implements, and what renderers and views are given. Nothing here knows
 * OpenSearch.
 */

/** Which releases a feed or a search is about. */
export interface ReleaseFilter {
  publisher?: string;
  /** BCP 47 tag; `ru` also matches `ru-RU`. */
  lang?: string;
  tag?: string;
  /** Full-text query (`simple_query_string`: never fails on syntax). */
  q?: string;
  /** Published at or after / before (ISO 8601). */
  from?: string;
  to?: string;
  /** `story`: one release per story, its canonical one (ADR 0016). */
  collapse?: "story";
  /** The reader's language: releases in it rank first among equals (never a filter). */
  hl?: string;
}

/** Where a page of results continues: the sort values of the last hit before it. */
export type SearchAfter = (string | number)[];

export interface SearchParams extends ReleaseFilter {
  /** Words to search; without them a filter's releases are listed, newest first. */
  q?: string;
  size: number;
  sort?: "relevance" | "date";
  after?: SearchAfter;
  /** `off`: answer the query as typed even when it finds nothing and a correction would (default: `on`). */
  autocorrect?: "on" | "off";
}

export interface SearchHit {
  document: ReleaseDocument;
  highlights: { title?: string; body: string[] };
  sort: SearchAfter;
}

export interface Facet {
  value: string;
  count: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  facets: { publisher: Facet[]; language: Facet[]; tag: Facet[]; month: Facet[] };
  /** Did you mean: a corrected query that finds more, when this one found little (at most `suggestBelow`). */
  suggestion?: string;
  /**
   * The corrected query whose results these are, when the query as typed found nothing (or far fewer):
   * "Showing results for …". Pages go on with it as `q`.
   */
  showingResultsFor?: string;
}

export interface LatestPage {
  documents: ReleaseDocument[];
  /** Sort values of the last document, to continue from. */
  last?: SearchAfter;
}

/** The whole index at a glance (the home page). */
export interface Overview {
  total: number;
  publishers: Facet[];
  languages: Facet[];
  /** Each publisher's releases by language. */
  publisherLanguages: Record<string, Facet[]>;
}

export interface SitemapMonth {
  /** `yyyy-MM`. */
  month: string;
  count: number;
  /** The newest `updatedAt` among them. */
  lastModified?: string;
}

export type SitemapEntry = Pick<ReleaseDocument, "id" | "publishedAt" | "updatedAt">;

/** A withdrawn release, as a tombstone needs it. */
export type Tombstone = Pick<ReleaseDocument, "id" | "language"> & { withdrawnAt: string; withdrawalReason?: string };

/** What feeds and search read from the index. */
export interface ReleaseReader {
  latest(filter: ReleaseFilter, size: number, after?: SearchAfter): Promise<LatestPage>;
  withdrawnSince(filter: ReleaseFilter, since: Date, size: number): Promise<Tombstone[]>;
  /** Months holding visible releases, newest first, each with its count and latest update (the sitemap). */
  sitemapMonths(): Promise<SitemapMonth[]>;
  /** A month's visible releases (`yyyy-MM`), oldest first, `size` at a time after `after`. */
  sitemapEntries(
    month: string,
    size: number,
    after?: SearchAfter,
  ): Promise<{ entries: SitemapEntry[]; last?: SearchAfter }>;
  /** The withdrawal of a release, if it was withdrawn (its current version is a withdrawal). */
  withdrawal(id: string): Promise<Tombstone | undefined>;
  search(params: SearchParams): Promise<SearchResult>;
  byId(id: string): Promise<ReleaseDocument | undefined>;
  related(id: string, size: number): Promise<ReleaseDocument[]>;
  /** Other language versions of these releases, by translationKey. */
  translations(translationKeys: string[]): Promise<ReleaseDocument[]>;
  /** The published releases of these stories (by storyId), earliest first. */
  storyMembers(storyIds: string[]): Promise<ReleaseDocument[]>;
  /** Title completions for what was typed so far: partial documents (id, title, publisher, language, dates). */
  suggest(params: SearchParams & { q: string }): Promise<ReleaseDocument[]>;
  /** How many published releases there are, by publisher and by language. */
  overview(): Promise<Overview>;
  /** When the earliest running embargo ends, if any. */
  nextEmbargoEnd(): Promise<Date | undefined>;
  /** Changes in the order they became visible, after a cursor, up to `settledBefore`. */
  changes(settledBefore: Date, size: number, after?: SearchAfter): Promise<LatestPage>;
}

/** The other releases of a document's story (republications, copies by other publishers), earliest first. */
export function otherStoryMembers(
  document: ReleaseDocument,
  stories: ReadonlyMap<string, readonly ReleaseDocument[]> | undefined,
): readonly ReleaseDocument[] {
  if (document.storyId === undefined) return [];
  return (stories?.get(document.storyId) ?? []).filter((member) => member.id !== document.id);
}

/** The members of these documents' stories, by storyId (one query; none when no document has a story). */
export async function storiesOf(
  releases: ReleaseReader,
  documents: readonly ReleaseDocument[],
): Promise<Map<string, ReleaseDocument[]>> {
  const storyIds = [
    ...new Set(documents.flatMap((document) => (document.storyId === undefined ? [] : [document.storyId]))),
  ];
  const stories = new Map<string, ReleaseDocument[]>();
  if (storyIds.length === 0) return stories;
  for (const member of await releases.storyMembers(storyIds))
    stories.set(member.storyId!, [...(stories.get(member.storyId!) ?? []), member]);
  return stories;
}

/** A published release and its other language versions; NOT_FOUND otherwise. */
export async function publishedRelease(
  releases: ReleaseReader,
  id: string,
): Promise<{ document: ReleaseDocument; translations: ReleaseDocument[] }> {
  const document = await releases.byId(id);
  if (document === undefined) {
    const withdrawal = await releases.withdrawal(id);
    if (withdrawal !== undefined)
      throw new GazetteError(
        "GONE",
        `Release ${id} was withdrawn by its publisher on ${withdrawal.withdrawnAt}${withdrawal.withdrawalReason === undefined ? "" : `: ${withdrawal.withdrawalReason}`}`,
        {
          extensions: {
            withdrawnAt: withdrawal.withdrawnAt,
            ...(withdrawal.withdrawalReason === undefined ? {} : { withdrawalReason: withdrawal.withdrawalReason }),
            language: withdrawal.language,
          },
        },
      );
    throw new GazetteError("NOT_FOUND", `No published release with id ${id}.`);
  }
  const keys = document.translationKey === undefined ? [] : [document.translationKey];
  const versions = await releases.translations(keys);
  return { document, translations: versions.filter((version) => version.id !== document.id) };
}
