/**
 * The platform half: how a service runs (NATS, OpenSearch, the HTTP frame, configuration,
 * start-up and shutdown, outbound requests, backoff).
 */
export { backoffDelay } from "./backoff.ts";
export type { BackoffPolicy } from "./backoff.ts";
export {
  ConfigError,
  commonConfigShape,
  configField,
  loadConfig,
  openSearchConfigShape,
  outboundConfigShape,
} from "./config.ts";
export { healthRoutes } from "./health.ts";
export type { ReadinessCheck } from "./health.ts";
export { createMetricsRegistry, httpMetrics, metricsRoute } from "./http-metrics.ts";
export type { RequestMetrics } from "./http-metrics.ts";
export { noSniff, notFoundHandler, parseJsonBody, problemContentType, problemErrorHandler } from "./http-problems.ts";
export { JsonSyntaxError, lineAndColumn, parseJsonText } from "./json-file.ts";
export { closeServer, exitOnSignals, listen, portOf } from "./lifecycle.ts";
export type { RunningService } from "./lifecycle.ts";
export { createLogger } from "./logger.ts";
export type { Logger } from "./logger.ts";
export {
  DurableConsumerLoop,
  NatsCredentialsError,
  ReplicasUnavailable,
  apiErrorIs,
  bindBucket,
  bucketEntries,
  connectNats,
  ensureDurableConsumer,
  ensureReleaseStream,
  ensureStream,
  followBucket,
  isCasConflict,
  isStorageFull,
  kvStreamName,
  kvSubjects,
  natsConnectionOptions,
  natsIsReachable,
  noServerTookIt,
  openBucket,
  redactUrl,
  redactedServers,
  releaseEventsMaxAgeMs,
  stallGuard,
} from "./nats.ts";
export type {
  BucketEntry,
  BucketOptions,
  ConsumedMessages,
  DurableConsumerSpec,
  NatsSettings,
  StallGuard,
  StreamSpec,
} from "./nats.ts";
export {
  OpenSearchCredentialsError,
  createOpenSearchClient,
  openSearchIsAway,
  openSearchIndexIsWritable,
  openSearchIsReachable,
} from "./opensearch.ts";
export type { OpenSearchClient, OpenSearchSettings } from "./opensearch.ts";
export {
  OutboundRefusedError,
  guardedFetch,
  isPublicAddress,
  outboundAgents,
  outboundRequest,
  refusalOf,
} from "./outbound.ts";
export type { OutboundAgents, OutboundPolicy, OutboundResponse } from "./outbound.ts";
export { repeatEvery } from "./repeat.ts";
export { requestLogging } from "./request-logging.ts";
export { finishServiceApp, serviceApp } from "./service-app.ts";
export type { ServiceAppOptions } from "./service-app.ts";
export { explainStartupError, listenerOf, natsStartCommand, runService } from "./startup.ts";
export type { StartupSettings } from "./startup.ts";
