/**
 * The WebSub hub: subscriptions and the notifications sent when a feed changes.
 */
export { WebSubHub } from "./websub-hub.ts";
export type { TopicReader } from "./websub-hub.ts";
export { websubRoutes } from "./websub-routes.ts";
