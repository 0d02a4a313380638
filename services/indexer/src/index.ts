/**
 * @gazette/indexer's named surface: what tools, benchmarks and tests outside this service may use.
 * Everything else in src/ is the indexer's own.
 */
export { eventTrustOf, indexerConfigShape, loadIndexerConfig } from "./config.ts";
export type { EventTrust, DeadLetter } from "./consume/index.ts";
export type { IndexerConfig } from "./config.ts";
export { startIndexer } from "./service.ts";
/** The analysis with OpenSearch's components in place of the plugin's character map and folding (bench/analysis-cost.ts). */
export { builtinCharacterFilters, withBuiltinComponents } from "./analysis/index.ts";
export {
  AnalysisPluginMissing,
  reindex,
  ensureReleaseIndex,
  indexLayoutVersion,
  releaseToDocument,
  ReindexInProgress,
} from "./index/index.ts";
export type { ReindexOptions, ReindexReport } from "./index/index.ts";
export { deadLetterNames, listDeadLetters, redriveDeadLetters } from "./consume/index.ts";
export {
  groupStories,
  marksThreshold as storyMarksThreshold,
  storyThreshold,
  containment as storyContainment,
  marksAgreement as storyMarksAgreement,
  storyNodeOf,
} from "./stories/index.ts";
export type { StoryAssignment, StoryNode, StoryThresholds } from "./stories/index.ts";
