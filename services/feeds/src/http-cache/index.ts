/**
 * HTTP caching: rendered feeds kept in memory, conditional GETs, the fast lane for unchanged
 * feeds, cached search answers, delivery counts.
 */
export { renderedFeed, sendCacheable } from "./conditional-get.ts";
export { noDeliveryCounts, recordedDeliveryCounts } from "./delivery-counts.ts";
export type { DeliveryCounts } from "./delivery-counts.ts";
export { EdgeExpiry } from "./edge-expiry.ts";
export { FeedCache } from "./feed-cache.ts";
export type { RenderedFeed } from "./feed-cache.ts";
export { FeedFastLane } from "./feed-fast-lane.ts";
export { SearchCache } from "./search-cache.ts";
