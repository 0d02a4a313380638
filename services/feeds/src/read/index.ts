/**
 * The read model: releases as OpenSearch holds them, the queries that find them, and how fresh and
 * complete the index is.
 */
export { fallbackSettleMs, IndexCompleteness } from "./index-completeness.ts";
export { IndexFreshness } from "./index-freshness.ts";
export { PublisherDirectory } from "./publisher-directory.ts";
export { otherStoryMembers, publishedRelease, storiesOf } from "./read-model.ts";
export type {
  Facet,
  LatestPage,
  Overview,
  ReleaseReader,
  SearchAfter,
  SearchResult,
  SitemapEntry,
  SitemapMonth,
  Tombstone,
} from "./read-model.ts";
export { searchReleasesQuery } from "./release-queries.ts";
export { OpenSearchReleaseReader } from "./release-reader.ts";
