/**
 * The worker thread that turns an upstream body into entries: charset, parsing, mapping. It runs with
 * V8 heap limits (see upstream-parsing.ts), so a document that takes too much memory or time costs
 * this worker only, never the ingest process and its push API.
 */
import { parentPort, workerData } from "node:worker_threads";
import { decodeBody } from "./upstream-charset.ts";
import { entriesOfWordPressPosts, readFeed } from "./upstream-items.ts";
import type { ParseRequest, ParseResult } from "./upstream-parsing.ts";

const request = workerData as ParseRequest;
let result: ParseResult;
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
      ? { entries: entriesOfWordPressPosts(text, feed, request.maxItems) }
      : readFeed(text, feed, request.maxItems);
  result = { ok: true, encoding, ...read };
} catch (error) {
  result = {
    ok: false,
    error: `not a readable ${request.format === "wordpress" ? "WordPress posts list" : "RSS or Atom feed"}: ${(error as Error).message}`,
  };
}
parentPort?.postMessage(result);
