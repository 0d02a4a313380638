/**
 * @gazette/ingest's named surface: what tools, benchmarks and tests outside this service may use.
 * Everything else in src/ is ingest's own.
 */
export { ingestConfigShape, loadIngestConfig } from "./config.ts";
export type { IngestConfig } from "./config.ts";
export { startIngest } from "./service.ts";
export { openReleaseRecords, upstreamStatus } from "./operations.ts";
export type { ReleaseRecordSource } from "./operations.ts";
export type { UpstreamReportRow } from "./upstreams/index.ts";
export { addPublisher, rotateKey } from "./publisher-admin.ts";
export { readPublisherRegistryJson, writePublisherRegistryJson } from "./publisher-registry.ts";
export { eventRelayDurable } from "./release-event-relay.ts";
export { detectLanguage, detectableLanguages, minimumConfidence, mismatchConfidence } from "./language-detection.ts";
export type { LanguageGuess } from "./language-detection.ts";
