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
export { addPublisher, rotateKey, readPublisherRegistryJson, writePublisherRegistryJson } from "./publishers/index.ts";
export { eventRelayDurable } from "./releases/index.ts";
export { detectLanguage, detectableLanguages, minimumConfidence, mismatchConfidence } from "./language-detection.ts";
export type { LanguageGuess } from "./language-detection.ts";
