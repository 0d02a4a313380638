import type { Counter } from "prom-client";
import { renderedFeed } from "./conditional-get.ts";
import type { FeedCache, RenderedFeed } from "./feed-cache.ts";
import type { SearchRequestParams } from "../http/index.ts";

/**
 * Search answers, rendered once (JSON bytes, gzip and brotli, an ETag each) and kept in a
 * byte-bounded cache that index writes invalidate exactly as they do feeds (IndexFreshness): a
 * popular query costs OpenSearch once per change of the index, not once per reader.
 */
export class SearchCache {
  readonly #cache: FeedCache;
  readonly #hits: Counter;
  readonly #misses: Counter;

  constructor(cache: FeedCache, counters: { hits: Counter; misses: Counter }) {
    this.#cache = cache;
    this.#hits = counters.hits;
    this.#misses = counters.misses;
  }

  /** The cached answer to these parameters (counted as a hit), or undefined. */
  cached(params: SearchRequestParams): RenderedFeed | undefined {
    const answer = this.#cache.get(searchKey(params));
    if (answer !== undefined) this.#hits.inc();
    return answer;
  }

  /** Runs `search` and caches its answer (unless the index changed meanwhile), with the publishers it found. */
  async build(
    params: SearchRequestParams,
    search: () => Promise<{ body: unknown; publishers: readonly string[] }>,
  ): Promise<RenderedFeed> {
    this.#misses.inc();
    const builtAt = this.#cache.startBuilding();
    const { body, publishers } = await search();
    const answer = { ...renderedFeed(JSON.stringify(body), undefined), publishers: [...new Set(publishers)] };
    this.#cache.set(searchKey(params), answer, builtAt);
    return answer;
  }
}

/** The same search, however its parameters were ordered or spelt: a canonical key. */
export function searchKey(params: SearchRequestParams): string {
  const entries = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(entries);
}
