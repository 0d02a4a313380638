/**
 * The release path: normalizing, versioning, storing and publishing a ministry's releases.
 */
export { normalizeReleaseInput } from "./normalize-release.ts";
export { answerReplays } from "./record-replay.ts";
export { ReleaseEventRelay, eventRelayDurable } from "./release-event-relay.ts";
export { JetStreamReleaseEventPublisher, releaseEventFor } from "./release-events.ts";
export { releaseRoutes } from "./release-routes.ts";
export { ReleaseService } from "./release-service.ts";
export type { SubmissionResult } from "./release-service.ts";
export { KvReleaseRecordStore, storeUnavailable } from "./release-store.ts";
export type { ReleaseRecord } from "./release-store.ts";
