import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import computeEtag from "etag";
import { publicReadCorsHeaders } from "../http/index.ts";
import Negotiator from "negotiator";
import fresh from "fresh";
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { Request, Response } from "express";
import type { RenderedFeed } from "./feed-cache.ts";

/**
 * One compressed representation of a rendered body: compressed the first time a request asks for it,
 * then kept (never once per request). Its strong ETag is the body's with the encoding appended, so a
 * conditional request is answered without compressing anything (RFC 9110 §8.8.3: each representation
 * has its own; compression is deterministic, so every feeds process gives the same).
 */
class CompressedRepresentation {
  readonly etag: string;
  #body: Buffer | undefined;
  readonly #compress: () => Buffer;
  readonly #made: (bytes: number) => void;

  constructor(etag: string, compress: () => Buffer, made: (bytes: number) => void) {
    this.etag = etag;
    this.#compress = compress;
    this.#made = made;
  }

  get body(): Buffer {
    if (this.#body === undefined) {
      this.#body = this.#compress();
      this.#made(this.#body.length);
    }
    return this.#body;
  }

  /** What it holds now: nothing until a request asked for it. */
  get bytesHeld(): number {
    return this.#body?.length ?? 0;
  }
}

/** `"<length>-<hash>"` → `"<length>-<hash>-br"`: the ETag of a representation in that encoding. */
function encodedEtag(etag: string, encoding: "br" | "gzip"): string {
  return `${etag.slice(0, -1)}-${encoding}"`;
}

/**
 * A feed's bytes with a strong ETag over them (they render deterministically from the items), and the
 * same compressed with gzip and brotli, each with its own ETag, each compressed once, when a request
 * first asks for it: a feed is built once and sent many times, and most archive pages and searches are
 * read by one client in one encoding (R6 found the feed process's time 22 % in compressing, both
 * encodings of every page it built).
 */
export function renderedFeed(text: string, lastModified: Date | undefined, link?: string): RenderedFeed {
  const body = Buffer.from(text, "utf8");
  const etag = computeEtag(body);
  const growth: RenderedFeed["growth"] = {};
  const made = (bytes: number) => growth.listener?.(bytes);
  const gzip = () => gzipSync(body, { level: 6 });
  const br = () =>
    brotliCompressSync(body, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: 6,
        [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
  return {
    body,
    etag,
    encoded: {
      gzip: new CompressedRepresentation(encodedEtag(etag, "gzip"), gzip, made),
      br: new CompressedRepresentation(encodedEtag(etag, "br"), br, made),
    },
    growth,
    ...(lastModified === undefined ? {} : { lastModified: lastModified.toUTCString() }),
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

/**
 * The representation a request gets: the client's preferred encoding (the feed itself for identity).
 * Its bytes are read only to send them: a compressed one is made then, if it was not before.
 */
function representationFor(
  acceptEncoding: string | undefined,
  feed: RenderedFeed,
): { representation: { readonly body: Buffer; readonly etag: string }; encoding?: "br" | "gzip" } {
  const chosen = preferredEncoding(acceptEncoding);
  return chosen === "identity" ? { representation: feed } : { representation: feed.encoded[chosen], encoding: chosen };
}

/** What a GET of a cacheable representation is answered with: its status, headers and bytes. */
export interface CacheableAnswer {
  status: 200 | 304;
  headers: OutgoingHttpHeaders;
  body?: Buffer;
}

/**
 * The answer to a GET of `feed` (a feed, or a search answer rendered the same way): the representation
 * the Accept-Encoding asks for with its own strong ETag (over the bytes, which render deterministically),
 * or 304 when If-None-Match / If-Modified-Since already match that representation. The preconditions
 * are evaluated as RFC 9110 says, whatever Cache-Control the request carries (fetch adds `no-cache` to
 * every conditional request, which Express's own check would turn into a 200). A 304 carries what
 * RFC 9110 §15.4.5 asks of it (ETag, Cache-Control, Vary); caches keep one representation per
 * encoding, hence Vary. Pure: the full path and the fast lane both send what this says.
 */
export function cacheableAnswer(
  request: IncomingHttpHeaders,
  feed: RenderedFeed,
  contentType: string,
  cacheControl: string,
): CacheableAnswer {
  const { representation, encoding } = representationFor(request["accept-encoding"], feed);
  const { etag } = representation;
  const headers: OutgoingHttpHeaders = {
    etag,
    "cache-control": cacheControl,
    vary: "Accept-Encoding",
    ...publicReadCorsHeaders,
  };
  const preconditions = {
    "if-none-match": request["if-none-match"],
    "if-modified-since": request["if-modified-since"],
  };
  // A 304 compresses nothing: the representation's ETag is known without its bytes.
  if (fresh(preconditions, { etag, "last-modified": feed.lastModified })) return { status: 304, headers };
  const body = representation.body;
  headers["content-type"] = contentType;
  headers["content-length"] = body.length;
  if (feed.lastModified !== undefined) headers["last-modified"] = feed.lastModified;
  if (feed.link !== undefined) headers["link"] = feed.link;
  if (encoding !== undefined) headers["content-encoding"] = encoding;
  return { status: 200, headers, body };
}

/** Sends `cacheableAnswer`'s answer through Express (the full path; middleware sees every header). */
export function sendCacheable(
  req: Request,
  res: Response,
  feed: RenderedFeed,
  contentType: string,
  maxAgeSeconds: number,
): 200 | 304 {
  const answer = cacheableAnswer(req.headers, feed, contentType, `public, max-age=${maxAgeSeconds}`);
  for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) res.setHeader(name, value);
  res.status(answer.status).end(answer.body);
  return answer.status;
}
