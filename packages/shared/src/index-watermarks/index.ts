/**
 * Index watermarks: how far each indexer has written (the indexer publishes, feeds reads).
 */
export {
  completeThrough,
  openWatermarksBucket,
  watermarkIntervalMs,
  watermarkLifetimeMs,
  watermarksBucketOf,
} from "./index-watermarks.ts";
export type { IndexerWatermark } from "./index-watermarks.ts";
