/**
 * Stories: releases about one event grouped by their signatures.
 */
export { StoryAssigner, storyAwareWriter, storyNodeOf } from "./story-assigner.ts";
export { groupStories, marksThreshold, storyThreshold } from "./story-grouping.ts";
export type { StoryAssignment, StoryNode, StoryThresholds } from "./story-grouping.ts";
export type { StoryPlan } from "./story-assigner.ts";
export {
  containment,
  marksAgreement,
  shingleHashes,
  storyBands,
  storyMarks,
  storySignature,
  storyWords,
  titleNumbers,
} from "./story-signature.ts";
