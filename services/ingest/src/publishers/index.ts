/**
 * Publishers: the registry of ministries, their keys, authentication and rate limits.
 */
export { authenticatePublisher, publisherOf } from "./authenticate.ts";
export { addPublisher, rotateKey } from "./publisher-admin.ts";
export { mirrorPublisherNames } from "./publisher-mirror.ts";
export {
  developmentRegistry,
  linksOf,
  loadPublisherRegistry,
  readPublisherRegistryJson,
  submitIfRegistered,
  watchPublisherRegistry,
  writePublisherRegistryJson,
} from "./publisher-registry.ts";
export type { PublisherRegistry } from "./publisher-registry.ts";
export { publisherRateLimit } from "./rate-limit.ts";
