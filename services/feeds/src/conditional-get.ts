import computeEtag from "etag";
import fresh from "fresh";
import type { Request, Response } from "express";
import type { RenderedFeed } from "./feed-cache.ts";

/** A feed's bytes with a strong ETag over them (they render deterministically from the items). */
export function renderedFeed(text: string, lastModified: Date | undefined, link?: string): RenderedFeed {
  const body = Buffer.from(text, "utf8");
  return { body, etag: computeEtag(body), ...(lastModified === undefined ? {} : { lastModified }), ...(link === undefined ? {} : { link }) };
}

/**
 * Sends `body` with a strong ETag (over the bytes, which render deterministically from the items) and
 * Last-Modified, or 304 when the request's If-None-Match / If-Modified-Since already match. The
 * preconditions are evaluated as RFC 9110 says, whatever Cache-Control the request carries (fetch
 * adds `no-cache` to every conditional request, which Express's own check would turn into a 200).
 */
export function sendCacheable(req: Request, res: Response, feed: RenderedFeed, contentType: string, maxAgeSeconds: number): void {
  const { body, etag, lastModified, link } = feed;
  if (link !== undefined) res.set("Link", link);
  res.set("ETag", etag);
  res.set("Cache-Control", `public, max-age=${maxAgeSeconds}`);
  if (lastModified !== undefined) res.set("Last-Modified", lastModified.toUTCString());
  res.type(contentType);
  const preconditions = { "if-none-match": req.headers["if-none-match"], "if-modified-since": req.headers["if-modified-since"] };
  if (fresh(preconditions, { etag, "last-modified": lastModified?.toUTCString() })) {
    res.status(304).end();
    return;
  }
  res.send(body);
}
