import { type RequestHandler, Router } from "express";
import { sendCacheable, type FeedFastLane, noDeliveryCounts, type DeliveryCounts } from "../http-cache/index.ts";
import { cacheKey, feedAddressOf, feedRoutePatterns, type FeedSource } from "./feed-source.ts";
import { withinLimit } from "../http/index.ts";

/** How long caches may keep a feed. */
export const feedMaxAgeSeconds = 60;

/**
 * RSS 2.0, Atom 1.0 and JSON Feed: `/feeds/{rss.xml,atom.xml,feed.json}` and the readable
 * `/publishers/{id}/feed.rss`, `/tags/{tag}/feed.atom`, `/lang/{lang}/feed.json`, with conditional GET.
 * A search feed (`?q=`) not in the cache costs a search, so it counts against the client's read limit.
 */
export function feedRoutes(
  feeds: FeedSource,
  readLimit: RequestHandler,
  fastLane?: FeedFastLane,
  counts: DeliveryCounts = noDeliveryCounts,
): Router {
  const router = Router();
  const serveFeed: RequestHandler = async (req, res, next) => {
    const address = feedAddressOf(req.path, req.query as Record<string, unknown>);
    if (address === undefined) {
      next();
      return;
    }
    let feed = feeds.cached(address);
    if (feed === undefined) {
      if (address.params.q !== undefined) await withinLimit(readLimit, req, res);
      feed = await feeds.build(address);
    }
    const contentType = feeds.contentTypeOf(address);
    const status = sendCacheable(req, res, feed, contentType, feedMaxAgeSeconds);
    counts.feedAnswered(feed, req.get("user-agent"), status);
    // This URL is a valid feed: while it is cached, the fast lane answers it.
    fastLane?.remember(req.url, cacheKey(address), contentType, `${req.baseUrl}${String(req.route?.path)}`);
  };
  // One route per path shape: metrics label requests by route.
  for (const pattern of feedRoutePatterns) router.get(pattern, serveFeed);
  return router;
}
