import { GazetteError, type OpenSearchClient, type ReleaseDocument } from "@gazette/shared";
import { latestReleasesQuery, releaseByIdQuery, searchReleasesQuery, suggestQuery, type ReleaseFilter, type SearchParams } from "./release-queries.ts";

export interface SearchResult {
  total: number;
  hits: ReleaseDocument[];
}

/** What feeds and search read from the index. */
export interface ReleaseReader {
  latest(filter: ReleaseFilter, size: number): Promise<ReleaseDocument[]>;
  search(params: SearchParams): Promise<SearchResult>;
  byId(id: string): Promise<ReleaseDocument | undefined>;
  /** Title completions for what was typed so far: partial documents (id, title, publisher, language, dates). */
  suggest(params: SearchParams): Promise<ReleaseDocument[]>;
}

interface SearchResponseBody {
  hits: { total?: { value: number }; hits: { _source: ReleaseDocument }[] };
}

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
      const response = await this.#client.search({ index: this.#alias, ignore_unavailable: true, allow_no_indices: true, body: body as never });
      return response.body as unknown as SearchResponseBody;
    } catch (error) {
      throw new GazetteError("SEARCH_UNAVAILABLE", "The search index did not answer; retry later.", { cause: error, headers: { "Retry-After": "5" } });
    }
  }

  async latest(filter: ReleaseFilter, size: number): Promise<ReleaseDocument[]> {
    const body = await this.#search(latestReleasesQuery(filter, size));
    return body.hits.hits.map((hit) => hit._source);
  }

  async search(params: SearchParams): Promise<SearchResult> {
    const body = await this.#search(searchReleasesQuery(params));
    return { total: body.hits.total?.value ?? 0, hits: body.hits.hits.map((hit) => hit._source) };
  }

  async suggest(params: SearchParams): Promise<ReleaseDocument[]> {
    const body = await this.#search(suggestQuery(params));
    return body.hits.hits.map((hit) => hit._source);
  }

  async byId(id: string): Promise<ReleaseDocument | undefined> {
    const body = await this.#search(releaseByIdQuery(id));
    return body.hits.hits[0]?._source;
  }
}
