/**
 * A parse worker of the pool (see pool.ts): turns an upstream body into entries (charset, parsing,
 * mapping). It runs with V8 heap limits, so a document that takes too much memory or time costs this
 * worker only, never the ingest process and its push API; the pool starts another in its place.
 */
import { decodeBody } from "./charset.ts";
import { entriesOfWordPressPosts, readFeed } from "./items.ts";
import type { ParseRequest, ParseResult } from "./pool.ts";

export default function parseUpstreamBody(request: ParseRequest): ParseResult {
  try {
    const { text, encoding } = decodeBody(request.body, request.contentType);
    const feed = {
      url: request.url,
      timeZone: request.timeZone,
      ...(request.language === undefined ? {} : { language: request.language }),
      anyHost: request.anyHost === true,
    };
    const read =
      request.format === "wordpress"
        ? { entries: entriesOfWordPressPosts(text, feed, request.maxItems), hints: {} }
        : readFeed(text, feed, request.maxItems);
    return { ok: true, encoding, ...read };
  } catch (error) {
    return {
      ok: false,
      error: `not a readable ${request.format === "wordpress" ? "WordPress posts list" : "RSS or Atom feed"}: ${(error as Error).message}`,
    };
  }
}
