import { GazetteError } from "@gazette/shared";
import { buildFeed, feedFormats, type FeedFormat } from "./feed-builder.ts";
import type { FeedCache, RenderedFeed } from "../http-cache/index.ts";
import type { FeedsMetrics } from "../feeds-metrics.ts";
import type { ReleaseReader } from "../read/index.ts";
import { canonicalFeedQuery, FeedParamsSchema, parseQuery, type FeedParams } from "../http/index.ts";

/** Which feed a path asks for, with its parameters: what the cache is keyed by and the builder needs. */
export interface FeedAddress {
  format: FeedFormat;
  /** The path as requested (percent-encoded), e.g. `/feeds/atom.xml` or `/tags/%D0%96/feed.atom`. */
  path: string;
  params: FeedParams;
  /** Filters the path already says (`/publishers/{id}/…`), left out of the self link's query. */
  pathParams: (keyof FeedParams)[];
}

/** The classic feed paths, and the readable ones (`/publishers/{id}/feed.rss`, `/tags/{tag}/feed.atom`, `/lang/{lang}/feed.json`). */
const classicFeeds: Record<string, FeedFormat> = {
  "rss.xml": "rss",
  "atom.xml": "atom",
  "feed.json": "json",
  "ninjs.json": "ninjs",
};
const readableParam = { publishers: "publisher", tags: "tag", lang: "lang" } as const;
const either = (names: string[]) => names.map((name) => name.replaceAll(".", "\\.")).join("|");
const classicPath = new RegExp(`^/feeds/(${either(Object.keys(classicFeeds))})$`);
const readablePath = new RegExp(
  `^/(${either(Object.keys(readableParam))})/([^/]+)/feed\\.(${either(Object.values(classicFeeds))})$`,
);

/** Express route patterns of every feed path (one per path shape, so metrics label by route). */
export const feedRoutePatterns: readonly string[] = [
  ...Object.keys(classicFeeds).map((file) => `/feeds/${file}`),
  ...Object.keys(readableParam).flatMap((prefix) =>
    Object.values(classicFeeds).map((format) => `/${prefix}/:value/feed.${format}`),
  ),
];

/** Whether a path is one of the feeds (whatever its query). */
export function isFeedPath(path: string): boolean {
  return classicPath.test(path) || readablePath.test(path);
}

/**
 * The feed a request path and query ask for; undefined when the path is not a feed. A bad parameter
 * is a BAD_QUERY_PARAMETER problem (feeds ignore parameters they do not know).
 */
export function feedAddressOf(path: string, query: Record<string, unknown>): FeedAddress | undefined {
  const classic = classicPath.exec(path);
  if (classic !== null) {
    return { format: classicFeeds[classic[1]!]!, path, params: parseQuery(FeedParamsSchema, query), pathParams: [] };
  }
  const readable = readablePath.exec(path);
  if (readable === null) return undefined;
  const param = readableParam[readable[1] as keyof typeof readableParam];
  const params = parseQuery(FeedParamsSchema, { ...query, [param]: decodedSegment(readable[2]!) });
  return { format: readable[3] as FeedFormat, path, params, pathParams: [param] };
}

function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    throw new GazetteError("VALIDATION_FAILED", `The path has a malformed percent-escape: ${segment}`, {
      cause: error,
    });
  }
}

export interface FeedSourceOptions {
  releases: ReleaseReader;
  cache: FeedCache;
  metrics: Pick<FeedsMetrics, "feedCacheHits" | "feedCacheMisses" | "feedBuildSeconds">;
  publicBaseUrl: string;
  hubUrl: string;
  publisherName: (id: string, language?: string) => string;
  /** Whether the registry knows a publisher: an empty feed of one it does not know is a 404. Default: all known. */
  publisherKnown?: (id: string) => boolean;
}

/**
 * Feeds as readers and the WebSub hub get them: from the cache, or built and cached. The hub reads
 * through here too, so it delivers exactly what a reader would fetch, without an HTTP call to itself.
 */
export class FeedSource {
  readonly #options: FeedSourceOptions;

  constructor(options: FeedSourceOptions) {
    this.#options = options;
  }

  /** The cached feed, or undefined; counts a hit. */
  cached(address: FeedAddress): RenderedFeed | undefined {
    return this.cachedByKey(cacheKey(address));
  }

  /** The feed cached under a key (see `cacheKey`), or undefined; counts a hit. */
  cachedByKey(key: string): RenderedFeed | undefined {
    const feed = this.#options.cache.get(key);
    if (feed !== undefined) this.#options.metrics.feedCacheHits.inc();
    return feed;
  }

  /** The feed, cached or built now. */
  async get(address: FeedAddress): Promise<RenderedFeed> {
    return this.cached(address) ?? (await this.build(address));
  }

  /** Builds the feed from the index and caches it (unless the index changed while it was built). */
  async build(address: FeedAddress): Promise<RenderedFeed> {
    const { releases, cache, metrics, publicBaseUrl, hubUrl, publisherName } = this.#options;
    metrics.feedCacheMisses.inc();
    const stopTimer = metrics.feedBuildSeconds.startTimer();
    const builtAt = cache.startBuilding();
    const feed = await buildFeed(releases, {
      ...address,
      publicBaseUrl,
      hubUrl,
      now: new Date(builtAt),
      publisherName,
    });
    stopTimer();
    const publisher = address.params.publisher;
    if (
      publisher !== undefined &&
      (feed.publishers ?? []).length === 0 &&
      !(this.#options.publisherKnown?.(publisher) ?? true) &&
      (await releases.overview()).publishers.every((facet) => facet.value !== publisher)
    )
      throw new GazetteError("NOT_FOUND", `No publisher with id ${publisher}.`);
    cache.set(cacheKey(address), feed, builtAt);
    return feed;
  }

  contentTypeOf(address: FeedAddress): string {
    return feedFormats[address.format].contentType;
  }
}

/** Where a feed sits in the cache: its path and its canonical query. */
export function cacheKey(address: FeedAddress): string {
  return `${address.path}${canonicalFeedQuery(address.params)}`;
}
