/**
 * @gazette/indexer's named surface: what tools, benchmarks and tests outside this service may use.
 * Everything else in src/ is the indexer's own.
 */
export { eventTrustOf, indexerConfigShape, loadIndexerConfig } from "./config.ts";
export type { EventTrust } from "./consume/index.ts";
export type { IndexerConfig } from "./config.ts";
export { startIndexer } from "./service.ts";
export { reindex } from "./index/index.ts";
export type { ReindexOptions, ReindexReport } from "./index/index.ts";
export { deadLetterNames, listDeadLetters, redriveDeadLetters } from "./consume/index.ts";
export type { DeadLetter } from "./consume/index.ts";
export { ensureReleaseIndex } from "./index/index.ts";
export { indexLayoutVersion } from "./index/index.ts";
export { releaseToDocument } from "./index/index.ts";
export { groupStories, marksThreshold as storyMarksThreshold, storyThreshold } from "./stories/index.ts";
export type { StoryAssignment, StoryNode, StoryThresholds } from "./stories/index.ts";

export { containment as storyContainment, marksAgreement as storyMarksAgreement } from "./stories/index.ts";
export { ReindexInProgress } from "./index/index.ts";
export { storyNodeOf } from "./stories/index.ts";
