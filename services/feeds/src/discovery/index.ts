/**
 * Discovery: sitemaps, robots.txt, the publishers' OPML.
 */
export { discoveryRoutes } from "./discovery-routes.ts";
export { publisherListing, renderPublishersOpml } from "./publisher-listing.ts";
export type { PublisherEntry } from "./publisher-listing.ts";
