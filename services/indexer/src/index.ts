/**
 * @gazette/indexer's named surface: what tools, benchmarks and tests outside this service may use.
 * Everything else in src/ is the indexer's own.
 */
export { eventTrustOf, indexerConfigShape, loadIndexerConfig } from "./config.ts";
export type { EventTrust } from "./release-handler.ts";
export type { IndexerConfig } from "./config.ts";
export { startIndexer } from "./service.ts";
export { reindex } from "./reindex.ts";
export type { ReindexOptions, ReindexReport } from "./reindex.ts";
export { deadLetterNames, listDeadLetters, redriveDeadLetters } from "./dead-letters.ts";
export type { DeadLetter } from "./dead-letters.ts";
export { ensureReleaseIndex } from "./index-setup.ts";
export { indexLayoutVersion } from "./index-template.ts";
export { releaseToDocument } from "./release-presenter.ts";
export { groupStories, marksThreshold as storyMarksThreshold, storyThreshold } from "./story-grouping.ts";
export type { StoryAssignment, StoryNode, StoryThresholds } from "./story-grouping.ts";

export { containment as storyContainment, marksAgreement as storyMarksAgreement } from "./story-signature.ts";
export { ReindexInProgress } from "./reindex-lock.ts";
export { storyNodeOf } from "./story-assigner.ts";
