import { fullTextQuery, withRecency, preferredLanguage } from "./search/index.ts";
import type { ReleaseFilter, SearchAfter, SearchParams } from "./read-model.ts";
import { searchFieldNames, type ReleaseDocument } from "@gazette/shared";

/*
 * Field names come from the index contract (ReleaseDocument and searchFieldNames in @gazette/shared):
 * every clause below names a field through these helpers, so a field the indexer does not write does
 * not compile.
 */
type Field = keyof ReleaseDocument & string;
const term = (field: Field, value: string) => ({ term: { [field]: value } });
const terms = (field: Field, values: string[]) => ({ terms: { [field]: values } });
const range = (field: Field, bounds: Record<string, string>) => ({ range: { [field]: bounds } });
const order = (field: Field, direction: "asc" | "desc") => ({ [field]: { order: direction } });
const fields = (...names: Field[]) => names;
/** What the indexer keeps for itself: analysed text copies and story signatures. Never read back. */
const indexOnly = fields("text", "storySignature", "storyBands", "storySize", "storyMarks", "storyTitleNumbers");

/** Embargoed releases are not shown before their embargo ends (evaluated by OpenSearch at query time). */
const notUnderEmbargo = { bool: { must_not: [range("embargoUntil", { gt: "now" })] } };

/** What is visible now: published, and not under embargo. */
const visibleNow = [term("status", "published"), notUnderEmbargo];

/** The filter's scope (publisher, language, tag, one per story, dates), whatever the releases' status. */
function scopeClauses(filter: ReleaseFilter): object[] {
  const clauses: object[] = [];
  if (filter.publisher !== undefined) clauses.push(term("publisher", filter.publisher));
  if (filter.lang !== undefined) {
    clauses.push({
      bool: {
        should: [term("language", filter.lang), { prefix: { ["language" satisfies Field]: `${filter.lang}-` } }],
        minimum_should_match: 1,
      },
    });
  }
  if (filter.tag !== undefined) clauses.push(term("tags", filter.tag));
  // One release per story: its canonical one (releases indexed before stories count as their own).
  if (filter.collapse === "story")
    clauses.push({
      bool: {
        should: [
          { term: { ["storyCanonical" satisfies Field]: true } },
          { bool: { must_not: [{ exists: { field: "storyId" satisfies Field } }] } },
        ],
        minimum_should_match: 1,
      },
    });
  if (filter.from !== undefined || filter.to !== undefined) {
    clauses.push(
      range("publishedAt", {
        ...(filter.from === undefined ? {} : { gte: filter.from }),
        ...(filter.to === undefined ? {} : { lte: filter.to }),
      }),
    );
  }
  return clauses;
}

function filterClauses(filter: ReleaseFilter): object[] {
  return [...visibleNow, ...scopeClauses(filter)];
}

function releaseQuery(filter: ReleaseFilter, extraFilters: object[] = []): object {
  return {
    bool: {
      ...(filter.q === undefined ? {} : { must: [fullTextQuery(filter.q, preferredLanguage(filter.q, filter.hl))] }),
      filter: [...filterClauses(filter), ...extraFilters],
    },
  };
}

/** Releases by month of publication, newest month first (search facets, the sitemap index). */
const byMonth = {
  field: "publishedAt" satisfies Field,
  calendar_interval: "month",
  format: "yyyy-MM",
  min_doc_count: 1,
  order: { _key: "desc" },
};

const newestFirst = [order("publishedAt", "desc"), order("id", "asc")];

/**
 * The newest published releases matching `filter` (a `q` makes it a saved search), after `after` if given.
 * The sort is the index's own order (index layout v5 and later, ADR 0018): OpenSearch stops reading a segment
 * after its first `size` matches. An archive page also filters to releases not newer than its cursor,
 * so the matches start at the cursor instead of every newer release being read and skipped.
 */
export function latestReleasesQuery(filter: ReleaseFilter, size: number, after?: SearchAfter): object {
  const notNewerThanCursor = after?.[0] === undefined ? [] : [range("publishedAt", { lte: String(after[0]) })];
  return {
    size,
    query: releaseQuery(filter, notNewerThanCursor),
    sort: newestFirst,
    track_total_hits: false,
    _source: { excludes: indexOnly },
    ...(after === undefined ? {} : { search_after: after }),
  };
}

/** Releases withdrawn since `since` that match `filter`, newest withdrawal first: the Atom feed's tombstones. */
export function withdrawnReleasesQuery(filter: ReleaseFilter, since: string, size: number): object {
  return {
    size,
    query: {
      bool: { filter: [term("status", "withdrawn"), range("withdrawnAt", { gte: since }), ...scopeClauses(filter)] },
    },
    sort: [order("withdrawnAt", "desc"), order("id", "asc")],
    _source: fields("id", "withdrawnAt", "withdrawalReason", "language", "sourceUrl"),
  };
}

/**
 * Full-text search, language by language (full-text-query.ts), ranked by relevance with a gentle
 * preference for the recent (or by date), with facets (publisher, language, tag, month),
 * highlighted fragments, and a sort that ends in the id, so `search_after` pages deterministically.
 */
export function searchReleasesQuery(params: SearchParams): object {
  const byDate = params.sort === "date";
  const sort = byDate ? newestFirst : ["_score", ...newestFirst];
  return {
    size: params.size,
    query: byDate ? releaseQuery(params) : withRecency(releaseQuery(params)),
    sort,
    track_total_hits: true,
    ...(params.after === undefined ? {} : { search_after: params.after }),
    _source: { excludes: [...indexOnly, ...fields("bodyHtml")] },
    highlight: {
      encoder: "html",
      pre_tags: ["<mark>"],
      post_tags: ["</mark>"],
      fields: {
        [searchFieldNames.title("*")]: { number_of_fragments: 0 },
        [searchFieldNames.body("*")]: { fragment_size: 160, number_of_fragments: 2 },
      },
    },
    aggs: {
      publisher: { terms: { field: "publisher" satisfies Field, size: 20 } },
      language: { terms: { field: "language" satisfies Field, size: 20 } },
      tag: { terms: { field: "tags" satisfies Field, size: 20 } },
      month: {
        date_histogram: byMonth,
      },
    },
  };
}

/** One published release by id. */
export function releaseByIdQuery(id: string): object {
  return {
    size: 1,
    query: { bool: { filter: [term("id", id), term("status", "published"), notUnderEmbargo] } },
    _source: { excludes: indexOnly },
  };
}

/** A release whose current version is its withdrawal: when, why, in which language. */
export function withdrawalQuery(id: string): object {
  return {
    size: 1,
    query: { bool: { filter: [term("id", id), term("status", "withdrawn")] } },
    _source: fields("id", "withdrawnAt", "withdrawalReason", "language"),
  };
}

/** Releases like the given one (more-like-this over the analysed text), never itself. */
export function relatedReleasesQuery(index: string, id: string, size: number): object {
  return {
    size,
    query: {
      bool: {
        must: [
          {
            more_like_this: {
              fields: [searchFieldNames.title("*"), searchFieldNames.body("*")],
              like: [{ _index: index, _id: id }],
              min_term_freq: 1,
              min_doc_freq: 1,
              max_query_terms: 25,
            },
          },
        ],
        filter: filterClauses({}),
        must_not: [term("id", id)],
      },
    },
    _source: fields("id", "title", "publisher", "language", "publishedAt", "sourceUrl", "summary"),
  };
}

/** Language versions of releases (same translationKey), for hreflang links. */
export function translationsQuery(translationKeys: string[]): object {
  return {
    size: 200,
    query: { bool: { filter: [terms("translationKey", translationKeys), ...filterClauses({})] } },
    _source: fields("id", "translationKey", "language", "title", "sourceUrl"),
  };
}

/** The published releases of these stories, earliest first: "also published by". */
export function storyMembersQuery(storyIds: string[]): object {
  return {
    size: 200,
    query: { bool: { filter: [terms("storyId", storyIds), ...filterClauses({})] } },
    sort: [order("publishedAt", "asc"), order("id", "asc")],
    _source: fields("id", "storyId", "publisher", "language", "title", "sourceUrl", "publishedAt"),
  };
}

/** Titles that start with what was typed so far (any word of the title, the last word a prefix). */
export function suggestQuery(params: SearchParams & { q: string }): object {
  return {
    size: params.size,
    query: {
      bool: {
        must: [
          {
            multi_match: {
              query: params.q,
              type: "bool_prefix",
              fields: searchFieldNames.titleCompletion,
            },
          },
        ],
        filter: filterClauses(params),
      },
    },
    _source: fields("id", "title", "publisher", "language", "publishedAt", "sourceUrl"),
  };
}

/**
 * Every change (publication, update, withdrawal) in the order it became visible (`changedAt`: when
 * the indexer wrote it, or the embargo's end if later), after `after`, up to `settledBefore` only:
 * a change newer than that might still be joined by one written a moment earlier elsewhere, so a
 * mirror that follows the cursor misses nothing.
 */
export function changesQuery(settledBefore: string, size: number, after?: SearchAfter): object {
  return {
    size,
    query: {
      bool: {
        filter: [
          terms("status", ["published", "withdrawn"]),
          range("changedAt", { lte: settledBefore }),
          notUnderEmbargo,
        ],
      },
    },
    sort: [order("changedAt", "asc"), order("id", "asc")],
    ...(after === undefined ? {} : { search_after: after }),
    _source: { excludes: indexOnly },
  };
}

/** The earliest embargo still running among indexed releases (when feeds must change by themselves). */
export function nextEmbargoEndQuery(): object {
  return {
    size: 0,
    query: { bool: { filter: [term("status", "published"), range("embargoUntil", { gt: "now" })] } },
    aggs: { next: { min: { field: "embargoUntil" satisfies Field } } },
  };
}

/** What the home page shows of the whole index: how many releases each publisher and language has. */
export function overviewQuery(): object {
  return {
    size: 0,
    track_total_hits: true,
    query: { bool: { filter: filterClauses({}) } },
    aggs: {
      publisher: {
        terms: { field: "publisher" satisfies Field, size: 1000 },
        aggs: { language: { terms: { field: "language" satisfies Field, size: 50 } } },
      },
      language: { terms: { field: "language" satisfies Field, size: 50 } },
    },
  };
}

/** Months that hold visible releases (by publication), with each month's latest update: the sitemap index. */
export function sitemapMonthsQuery(): object {
  return {
    size: 0,
    query: { bool: { filter: filterClauses({}) } },
    aggs: {
      month: {
        date_histogram: byMonth,
        aggs: { lastModified: { max: { field: "updatedAt" satisfies Field } } },
      },
    },
  };
}

/** One month's visible releases, oldest first, only what a sitemap says of each. */
export function sitemapEntriesQuery(from: string, before: string, size: number, after?: SearchAfter): object {
  return {
    size,
    query: { bool: { filter: [...filterClauses({}), range("publishedAt", { gte: from, lt: before })] } },
    sort: [order("publishedAt", "asc"), order("id", "asc")],
    track_total_hits: false,
    _source: fields("id", "publishedAt", "updatedAt"),
    ...(after === undefined ? {} : { search_after: after }),
  };
}
