/**
 * The pull adapter: publishers that cannot push have their feeds polled (or pushed by their hub) into
 * the push path. The rest of ingest reaches it only here.
 */
export { loadUpstreamFeeds, UpstreamConfigError, UpstreamFeedSchema } from "./feeds-file.ts";
export type { UpstreamFeed } from "./feeds-file.ts";
export { UpstreamPoller, defaultPollLimits, defaultPollTiming } from "./poller.ts";
export type { PollLimits, PollReport, UpstreamPollerOptions } from "./poller.ts";
export { PullAdapter } from "./pull-adapter.ts";
export { UpstreamHubEndpoint } from "./hub-callbacks.ts";
export type { UpstreamHubCallbacks } from "./hub-callbacks.ts";
export { KvUpstreamStateStore, MemoryUpstreamStateStore } from "./state.ts";
export type { UpstreamStateStore } from "./state.ts";
export { upstreamReport } from "./report.ts";
export type { UpstreamReportRow } from "./report.ts";
export { upstreamRoutes } from "./routes.ts";
export { ParserPool } from "./parsing/index.ts";
export type { SubmitRelease } from "./entries.ts";
