import cors from "cors";
import type { RequestHandler } from "express";
import { isFeedPath } from "../feeds/index.ts";

/*
 * CORS for Gazette's public reads (issue 30): other portals may call the JSON API and read the feeds
 * from a browser. `*` and no credentials: nothing public depends on who asks. Never on the report
 * (a ministry's key) nor on the WebSub hub (servers subscribe, not browsers); ingest has none at all.
 */

/** What every public read answer carries; the fast lane sends these with cached feeds. */
export const publicReadCorsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": "ETag, Link, Retry-After",
} as const;

const publicApiPath =
  /^\/(?:v1\/(?:search|changes|suggest|releases|publishers)(?:\/.*)?|opensearch\.xml|openapi\.json|sitemap(?:-[a-z0-9-]+)?\.xml|robots\.txt|feeds\/publishers\.opml)$/;

/** Whether a path is a public read other sites may call from a browser. */
export function isPublicReadPath(path: string): boolean {
  return isFeedPath(path) || publicApiPath.test(path);
}

/** Answers preflights and marks public GET answers (errors included) as readable from any origin. */
export function publicCors(): RequestHandler {
  const handler = cors({
    origin: "*",
    methods: ["GET", "HEAD"],
    exposedHeaders: publicReadCorsHeaders["access-control-expose-headers"],
    maxAge: 86_400,
  });
  return (req, res, next) => (isPublicReadPath(req.path) ? handler(req, res, next) : next());
}
