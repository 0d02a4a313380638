/**
 * @gazette/feeds' named surface: what tools, benchmarks and tests outside this service may use.
 * Everything else in src/ is feeds' own.
 */
export { feedsConfigShape, loadFeedsConfig } from "./config.ts";
export type { FeedsConfig } from "./config.ts";
export { startFeeds } from "./service.ts";
export { searchReleasesQuery } from "./read/index.ts";
