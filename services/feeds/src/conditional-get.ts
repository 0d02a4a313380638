import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import computeEtag from "etag";
import Negotiator from "negotiator";
import fresh from "fresh";
import type { Request, Response } from "express";
import type { RenderedFeed } from "./feed-cache.ts";

/**
 * A feed's bytes with a strong ETag over them (they render deterministically from the items), and
 * the same compressed once now, with gzip and brotli, each with its own ETag: a feed is built once and
 * sent many times, so no request pays for compression.
 */
export function renderedFeed(text: string, lastModified: Date | undefined, link?: string): RenderedFeed {
  const body = Buffer.from(text, "utf8");
  const gzip = gzipSync(body, { level: 6 });
  const br = brotliCompressSync(body, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: 6,
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
      [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  return {
    body,
    etag: computeEtag(body),
    encoded: { gzip: { body: gzip, etag: computeEtag(gzip) }, br: { body: br, etag: computeEtag(br) } },
    ...(lastModified === undefined ? {} : { lastModified }),
    ...(link === undefined ? {} : { link }),
  };
}

type Encoding = "br" | "gzip" | "identity";
/** Accept-Encoding values seen, and what each chose: clients send a handful of distinct ones. */
const chosenEncodings = new Map<string, Encoding>();

/** The encoding an Accept-Encoding value asks for, by its q-values, brotli first on a tie (negotiator's reading). */
export function preferredEncoding(acceptEncoding: string | undefined): Encoding {
  const header = acceptEncoding ?? "";
  const known = chosenEncodings.get(header);
  if (known !== undefined) return known;
  // negotiator ≥ 0.6.4 takes our preference for ties (its published types do not say so yet).
  const negotiator = new Negotiator({ headers: { "accept-encoding": header } }) as unknown as {
    encodings(available: string[], options: { preferred: string[] }): string[];
  };
  const found = negotiator.encodings(["br", "gzip", "identity"], { preferred: ["br", "gzip", "identity"] })[0];
  const chosen: Encoding = found === "br" || found === "gzip" ? found : "identity";
  if (chosenEncodings.size >= 256) chosenEncodings.clear();
  chosenEncodings.set(header, chosen);
  return chosen;
}

/** The representation a request gets: the client's preferred encoding. */
export function representationFor(
  acceptEncoding: string | undefined,
  feed: RenderedFeed,
): { body: Buffer; etag: string; encoding?: "br" | "gzip" } {
  const chosen = preferredEncoding(acceptEncoding);
  if (chosen === "br" || chosen === "gzip") return { ...feed.encoded[chosen], encoding: chosen };
  return { body: feed.body, etag: feed.etag };
}

/**
 * Sends `body` with a strong ETag (over the bytes, which render deterministically from the items) and
 * Last-Modified, or 304 when the request's If-None-Match / If-Modified-Since already match. The
 * preconditions are evaluated as RFC 9110 says, whatever Cache-Control the request carries (fetch
 * adds `no-cache` to every conditional request, which Express's own check would turn into a 200).
 */
export function sendCacheable(
  req: Request,
  res: Response,
  feed: RenderedFeed,
  contentType: string,
  maxAgeSeconds: number,
): void {
  const { lastModified, link } = feed;
  const { body, etag, encoding } = representationFor(req.headers["accept-encoding"], feed);
  if (link !== undefined) res.set("Link", link);
  // Caches keep one representation per encoding; a conditional request matches the one it would get.
  res.set("Vary", "Accept-Encoding");
  res.set("ETag", etag);
  res.set("Cache-Control", `public, max-age=${maxAgeSeconds}`);
  if (lastModified !== undefined) res.set("Last-Modified", lastModified.toUTCString());
  res.type(contentType);
  const preconditions = {
    "if-none-match": req.headers["if-none-match"],
    "if-modified-since": req.headers["if-modified-since"],
  };
  if (fresh(preconditions, { etag, "last-modified": lastModified?.toUTCString() })) {
    res.status(304).end();
    return;
  }
  if (encoding !== undefined) res.set("Content-Encoding", encoding);
  res.send(body);
}
