export { errorCatalogue, GazetteError, toProblem, problemTypeBase } from "./errors.ts";
export type { ErrorCode, GazetteErrorOptions, ProblemDocument } from "./errors.ts";
export { problemErrorHandler, notFoundHandler, problemContentType, parseJsonBody, noSniff } from "./http-problems.ts";
export {
  ReleaseInputSchema,
  ReleaseSchema,
  ImageSchema,
  LanguageTagSchema,
  HttpUrlSchema,
  AnyHostHttpUrlSchema,
  InternalReleaseInputSchema,
  asciiUrl,
  DateTimeWithOffsetSchema,
  PublisherIdSchema,
  publisherIdPattern,
  releaseIdFor,
} from "./release.ts";
export type { Release, ReleaseInput, ValidReleaseInput, Image } from "./release.ts";
export {
  ReleaseEventSchema,
  releaseEventTypes,
  releasesIndexedSubject,
  releaseReplaySubject,
  releaseEventSubject,
  releaseEventMessageId,
  duplicateWindowMs,
  versionHistoryLimit,
} from "./events.ts";
export type { ReleaseEvent, ReleaseEventType, ReleaseEventNames, VersionHistoryEntry } from "./events.ts";
export {
  analysisLanguages,
  analysisLanguageOf,
  primaryLanguageSubtag,
  searchFieldNames,
  indexRefreshIntervalMs,
  indexVisibleAfterMs,
} from "./release-document.ts";
export type { AnalysisLanguage, ReleaseDocument, ReleaseStatus } from "./release-document.ts";
export { cleanText, hasXmlIllegalCharacters } from "./text.ts";
export {
  loadConfig,
  ConfigError,
  commonConfigShape,
  openSearchConfigShape,
  outboundConfigShape,
  configField,
} from "./config.ts";
export { createLogger } from "./logger.ts";
export type { Logger } from "./logger.ts";
export {
  connectNats,
  natsConnectionOptions,
  NatsCredentialsError,
  redactUrl,
  redactedServers,
  DurableConsumerLoop,
  ensureDurableConsumer,
  ensureReleaseStream,
  releaseEventsMaxAgeMs,
  ensureStream,
  openBucket,
  ReplicasUnavailable,
  followBucket,
  isCasConflict,
  isStorageFull,
  apiErrorIs,
  bindBucket,
  bucketEntries,
  noServerTookIt,
  kvStreamName,
  kvSubjects,
  natsIsReachable,
} from "./nats.ts";
export type {
  NatsSettings,
  BucketEntry,
  BucketOptions,
  ConsumedMessages,
  DurableConsumerSpec,
  StreamSpec,
} from "./nats.ts";
export { backoffDelay } from "./backoff.ts";
export type { BackoffPolicy } from "./backoff.ts";
export {
  createOpenSearchClient,
  OpenSearchCredentialsError,
  openSearchIsAway,
  openSearchIsReachable,
} from "./opensearch.ts";
export type { OpenSearchClient, OpenSearchSettings } from "./opensearch.ts";
export { healthRoutes } from "./health.ts";
export { requestLogging } from "./request-logging.ts";
export type { ReadinessCheck } from "./health.ts";
export { listen, portOf, closeServer, exitOnSignals } from "./lifecycle.ts";
export type { RunningService } from "./lifecycle.ts";
export { runService, explainStartupError, listenerOf, natsStartCommand } from "./startup.ts";
export type { StartupSettings } from "./startup.ts";
export { parseJsonText, JsonSyntaxError, lineAndColumn } from "./json-file.ts";
export { unmixScripts } from "./mixed-scripts.ts";
export {
  outboundAgents,
  outboundRequest,
  guardedFetch,
  isPublicAddress,
  refusalOf,
  OutboundRefusedError,
} from "./outbound.ts";
export type { OutboundAgents, OutboundPolicy, OutboundResponse } from "./outbound.ts";
export { createMetricsRegistry, httpMetrics, metricsRoute } from "./http-metrics.ts";
export type { RequestMetrics } from "./http-metrics.ts";
export { publisherName } from "./publisher-names.ts";
export type { PublisherNames } from "./publisher-names.ts";
export { fieldProblems, describeProblems, describeIssues, invalidInput, parseOrRefuse } from "./validation.ts";
export type { FieldProblem, ProblemWording } from "./validation.ts";
export { serviceApp, finishServiceApp } from "./service-app.ts";
export type { ServiceAppOptions } from "./service-app.ts";
export {
  completeThrough,
  openWatermarksBucket,
  watermarkIntervalMs,
  watermarkLifetimeMs,
  watermarksBucketOf,
} from "./index-watermarks.ts";
export type { IndexerWatermark } from "./index-watermarks.ts";
export { readerFamilyOf, readerFamilies, latencyBucketsMs, reportQuery } from "./delivery-report.ts";
export type { ReaderFamily, ReportDelta, DailyReport } from "./delivery-report.ts";
export {
  DeliveryReportRecorder,
  openReportBucket,
  readDeliveryReport,
  reportDay,
} from "./delivery-report-store.ts";
export type { DeliveryReport } from "./delivery-report-store.ts";
export { EventSigner, EventVerifier, EventKeyError, eventSignatureHeader } from "./event-signature.ts";
export type { SignatureCheck } from "./event-signature.ts";
