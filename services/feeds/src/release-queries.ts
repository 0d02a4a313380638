import { searchableFields } from "@gazette/shared";

/** Which releases a feed or a search is about. */
export interface ReleaseFilter {
  publisher?: string;
  /** BCP 47 tag; `ru` also matches `ru-RU`. */
  lang?: string;
}

export interface SearchParams extends ReleaseFilter {
  q: string;
  size: number;
}

/** Embargoed releases are not shown before their embargo ends (evaluated by OpenSearch at query time). */
const notUnderEmbargo = { bool: { must_not: [{ range: { embargoUntil: { gt: "now" } } }] } };

function filterClauses(filter: ReleaseFilter): object[] {
  const clauses: object[] = [{ term: { status: "published" } }, notUnderEmbargo];
  if (filter.publisher !== undefined) clauses.push({ term: { publisher: filter.publisher } });
  if (filter.lang !== undefined) {
    clauses.push({ bool: { should: [{ term: { language: filter.lang } }, { prefix: { language: `${filter.lang}-` } }], minimum_should_match: 1 } });
  }
  return clauses;
}

const newestFirst = [{ publishedAt: { order: "desc" } }, { id: { order: "asc" } }];

/** The newest published releases matching `filter`. */
export function latestReleasesQuery(filter: ReleaseFilter, size: number): object {
  return { size, query: { bool: { filter: filterClauses(filter) } }, sort: newestFirst, track_total_hits: false };
}

/**
 * Full-text search over every language's analysed text. `simple_query_string` never fails on syntax,
 * so no query a user types can cause an error.
 */
export function searchReleasesQuery(params: SearchParams): object {
  return {
    size: params.size,
    query: {
      bool: {
        must: [{ simple_query_string: { query: params.q, fields: [...searchableFields], default_operator: "and" } }],
        filter: filterClauses(params),
      },
    },
    sort: ["_score", ...newestFirst],
    track_total_hits: true,
    _source: { excludes: ["bodyHtml", "text"] },
  };
}

/** One published release by id. */
export function releaseByIdQuery(id: string): object {
  return { size: 1, query: { bool: { filter: [{ term: { id } }, { term: { status: "published" } }, notUnderEmbargo] } } };
}

/** Titles that start with what was typed so far (any word of the title, the last word a prefix). */
export function suggestQuery(params: SearchParams): object {
  return {
    size: params.size,
    query: {
      bool: {
        must: [{ multi_match: { query: params.q, type: "bool_prefix", fields: ["title.suggest", "title.suggest._2gram", "title.suggest._3gram"] } }],
        filter: filterClauses(params),
      },
    },
    _source: ["id", "title", "publisher", "language", "publishedAt", "sourceUrl"],
  };
}
