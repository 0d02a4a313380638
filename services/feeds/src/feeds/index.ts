/**
 * Feeds: which releases a feed holds and how it is built; the formats' renderers are in `render/`.
 */
export { feedMaxAgeSeconds, feedRoutes } from "./feed-routes.ts";
export { FeedSource, feedAddressOf, feedRoutePatterns, isFeedPath } from "./feed-source.ts";
export { ninjsMediaType, ninjsOf, ninjsVersions } from "./ninjs.ts";
export type { NinjsVersion } from "./ninjs.ts";
