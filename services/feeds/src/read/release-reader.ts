import { closeCorrection, correctedQuery, normalizeQuery, plainWords, spellingQuery } from "./search/index.ts";
import { GazetteError, type OpenSearchClient, type ReleaseDocument } from "@gazette/shared";
import {
  changesQuery,
  latestReleasesQuery,
  nextEmbargoEndQuery,
  relatedReleasesQuery,
  releaseByIdQuery,
  searchReleasesQuery,
  suggestQuery,
  storyMembersQuery,
  translationsQuery,
  withdrawalQuery,
  sitemapEntriesQuery,
  sitemapMonthsQuery,
  withdrawnReleasesQuery,
  overviewQuery,
} from "./release-queries.ts";
import type {
  Facet,
  LatestPage,
  Overview,
  ReleaseFilter,
  ReleaseReader,
  SearchAfter,
  SearchParams,
  SearchResult,
  SitemapEntry,
  SitemapMonth,
  Tombstone,
} from "./read-model.ts";

/** A search that finds this many or fewer releases is offered a corrected query, if one finds more. */
export const suggestBelow = 2;
/** A correction is answered in place of the query when it finds this many times more (or the query found nothing). */
export const answerCorrectedFactor = 10;

/** A search's hits (with highlights), total and facets, from OpenSearch's answer. */
function searchResultOf(body: SearchResponseBody): SearchResult {
  const pick = (highlight: Record<string, string[]> | undefined, suffix: string) =>
    Object.entries(highlight ?? {}).flatMap(([field, fragments]) => (field.endsWith(suffix) ? fragments : []));
  return {
    total: body.hits.total?.value ?? 0,
    hits: body.hits.hits.map((hit) => {
      const title = pick(hit.highlight, ".title")[0];
      return {
        document: hit._source,
        sort: hit.sort ?? [],
        highlights: { ...(title === undefined ? {} : { title }), body: pick(hit.highlight, ".body") },
      };
    }),
    facets: {
      publisher: facetsOf(body.aggregations?.["publisher"]?.buckets),
      language: facetsOf(body.aggregations?.["language"]?.buckets),
      tag: facetsOf(body.aggregations?.["tag"]?.buckets),
      month: facetsOf(body.aggregations?.["month"]?.buckets),
    },
  };
}

interface Bucket {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
}

interface SearchResponseBody {
  hits: {
    total?: { value: number };
    hits: { _source: ReleaseDocument; sort?: SearchAfter; highlight?: Record<string, string[]> }[];
  };
  aggregations?: Record<string, { buckets: Bucket[] }>;
}

/** A page of documents and where it ended (the last hit's sort values). */
function pageOf(hits: { _source: ReleaseDocument; sort?: SearchAfter }[]): LatestPage {
  const last = hits[hits.length - 1]?.sort;
  const documents = hits.map((hit) => hit._source);
  return last === undefined ? { documents } : { documents, last };
}

const facetsOf = (buckets: Bucket[] | undefined): Facet[] =>
  (buckets ?? []).map((bucket) => ({ value: bucket.key_as_string ?? String(bucket.key), count: bucket.doc_count }));

/** ReleaseReader on the OpenSearch alias; an index that does not exist yet reads as empty. */
export class OpenSearchReleaseReader implements ReleaseReader {
  readonly #client: OpenSearchClient;
  readonly #alias: string;

  constructor(client: OpenSearchClient, alias: string) {
    this.#client = client;
    this.#alias = alias;
  }

  async #search(body: object): Promise<SearchResponseBody> {
    try {
      const response = await this.#client.search({
        index: this.#alias,
        ignore_unavailable: true,
        allow_no_indices: true,
        body: body as never,
      });
      return response.body as unknown as SearchResponseBody;
    } catch (error) {
      throw new GazetteError("SEARCH_UNAVAILABLE", "The search index did not answer; retry later.", {
        cause: error,
        headers: { "Retry-After": "5" },
      });
    }
  }

  async latest(filter: ReleaseFilter, size: number, after?: SearchAfter): Promise<LatestPage> {
    return pageOf((await this.#search(latestReleasesQuery(filter, size, after))).hits.hits);
  }

  async overview(): Promise<Overview> {
    const body = await this.#search(overviewQuery());
    return {
      total: body.hits.total?.value ?? 0,
      publishers: facetsOf(body.aggregations?.["publisher"]?.buckets),
      languages: facetsOf(body.aggregations?.["language"]?.buckets),
      publisherLanguages: Object.fromEntries(
        (body.aggregations?.["publisher"]?.buckets ?? []).map((bucket) => [
          String(bucket.key),
          facetsOf((bucket as Bucket & { language?: { buckets: Bucket[] } }).language?.buckets),
        ]),
      ),
    };
  }

  async sitemapMonths(): Promise<SitemapMonth[]> {
    const body = await this.#search(sitemapMonthsQuery());
    const buckets = (body.aggregations?.["month"]?.buckets ?? []) as (Bucket & {
      lastModified?: { value_as_string?: string };
    })[];
    return buckets.map((bucket) => ({
      month: bucket.key_as_string ?? String(bucket.key),
      count: bucket.doc_count,
      ...(bucket.lastModified?.value_as_string === undefined
        ? {}
        : { lastModified: bucket.lastModified.value_as_string }),
    }));
  }

  async sitemapEntries(
    month: string,
    size: number,
    after?: SearchAfter,
  ): Promise<{ entries: SitemapEntry[]; last?: SearchAfter }> {
    const [year, number] = month.split("-").map(Number) as [number, number];
    const from = new Date(Date.UTC(year, number - 1, 1)).toISOString();
    const before = new Date(Date.UTC(year, number, 1)).toISOString();
    const hits = (await this.#search(sitemapEntriesQuery(from, before, size, after))).hits.hits;
    const last = hits.at(-1)?.sort;
    const entries = hits.map((hit) => hit._source as SitemapEntry);
    return last === undefined ? { entries } : { entries, last };
  }

  async withdrawal(id: string): Promise<Tombstone | undefined> {
    const body = await this.#search(withdrawalQuery(id));
    return body.hits.hits[0]?._source as unknown as Tombstone | undefined;
  }

  async withdrawnSince(filter: ReleaseFilter, since: Date, size: number): Promise<Tombstone[]> {
    const body = await this.#search(withdrawnReleasesQuery(filter, since.toISOString(), size));
    return body.hits.hits.map((hit) => hit._source as unknown as Tombstone);
  }

  async search(params: SearchParams): Promise<SearchResult> {
    const body = await this.#search(searchReleasesQuery(params));
    const total = body.hits.total?.value ?? 0;
    const correction =
      total <= suggestBelow && params.after === undefined ? await this.#correction(params, total) : undefined;
    if (correction === undefined) return searchResultOf(body);
    // The typo answered, not only suggested: what the correction finds, when the query as typed found
    // nothing or far less (Google's "Showing results for …; search instead for …").
    if (correction.answer !== undefined && (total === 0 || correction.total >= answerCorrectedFactor * total))
      return {
        ...searchResultOf(correction.answer),
        suggestion: correction.query,
        showingResultsFor: correction.query,
      };
    return { ...searchResultOf(body), suggestion: correction.query };
  }

  /**
   * A corrected query (words found nowhere replaced by the nearest words of the index) that finds more
   * than `total`. A correction that may be answered in the query's place (autocorrect on, close) is
   * checked with the full search, whose answer is then kept (one request, not a count and a search).
   */
  async #correction(
    params: SearchParams,
    total: number,
  ): Promise<{ query: string; total: number; answer?: SearchResponseBody } | undefined> {
    if (params.q === undefined) return undefined;
    const words = plainWords(normalizeQuery(params.q));
    if (words === "") return undefined;
    const suggested = (await this.#search(spellingQuery(params.q))) as SearchResponseBody & {
      suggest?: { spelling?: Parameters<typeof correctedQuery>[1] };
    };
    const corrected = correctedQuery(words, suggested.suggest?.spelling ?? []);
    if (corrected === undefined) return undefined;
    const answerable = params.autocorrect !== "off" && closeCorrection(words, corrected);
    const check = await this.#search(
      answerable
        ? searchReleasesQuery({ ...params, q: corrected })
        : { ...searchReleasesQuery({ ...params, q: corrected, size: 0 }), aggs: {}, highlight: undefined },
    );
    const found = check.hits.total?.value ?? 0;
    if (found <= total) return undefined;
    return answerable ? { query: corrected, total: found, answer: check } : { query: corrected, total: found };
  }

  async byId(id: string): Promise<ReleaseDocument | undefined> {
    const body = await this.#search(releaseByIdQuery(id));
    return body.hits.hits[0]?._source;
  }

  async related(id: string, size: number): Promise<ReleaseDocument[]> {
    const body = await this.#search(relatedReleasesQuery(this.#alias, id, size));
    return body.hits.hits.map((hit) => hit._source);
  }

  async translations(translationKeys: string[]): Promise<ReleaseDocument[]> {
    if (translationKeys.length === 0) return [];
    const body = await this.#search(translationsQuery(translationKeys));
    return body.hits.hits.map((hit) => hit._source);
  }

  async storyMembers(storyIds: string[]): Promise<ReleaseDocument[]> {
    if (storyIds.length === 0) return [];
    const body = await this.#search(storyMembersQuery(storyIds));
    return body.hits.hits.map((hit) => hit._source);
  }

  async nextEmbargoEnd(): Promise<Date | undefined> {
    const body = (await this.#search(nextEmbargoEndQuery())) as SearchResponseBody & {
      aggregations?: { next?: { value: number | null } };
    };
    const value = (body.aggregations?.["next"] as { value?: number | null } | undefined)?.value;
    return typeof value === "number" ? new Date(value) : undefined;
  }

  async changes(settledBefore: Date, size: number, after?: SearchAfter): Promise<LatestPage> {
    return pageOf((await this.#search(changesQuery(settledBefore.toISOString(), size, after))).hits.hits);
  }

  async suggest(params: SearchParams & { q: string }): Promise<ReleaseDocument[]> {
    const body = await this.#search(suggestQuery(params));
    return body.hits.hits.map((hit) => hit._source);
  }
}
