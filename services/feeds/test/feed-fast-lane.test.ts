import type { AddressInfo } from "node:net";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@gazette/shared";
import { renderedFeed } from "../src/http-cache/conditional-get.ts";
import type { RenderedFeed } from "../src/http-cache/feed-cache.ts";
import { FeedFastLane } from "../src/http-cache/feed-fast-lane.ts";

describe("the feed fast lane (a real HTTP server on loopback)", () => {
  const feed = renderedFeed(`<rss version="2.0"><channel>${"<item>x</item>".repeat(200)}</channel></rss>`, new Date(0));
  const cache = new Map<string, RenderedFeed>([["/feeds/rss.xml?lang=ru", feed]]);
  const recorded: [string, string, number][] = [];
  const fastLane = new FeedFastLane({
    lookup: (key) => cache.get(key),
    maxAgeSeconds: 60,
    logger: createLogger("test", "silent"),
    count: (method, route, status, requests) => {
      for (let i = 0; i < requests; i++) recorded.push([method, route, status]);
    },
  });
  // The full path stands for the app behind the lane: it answers 299.
  const server = createServer((req, res) => {
    if (!fastLane.answer(req, res)) res.writeHead(299).end("full path");
  });
  let base = "";

  beforeAll(async () => {
    server.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fastLane.remember(
      "/feeds/rss.xml?lang=ru",
      "/feeds/rss.xml?lang=ru",
      "application/rss+xml; charset=utf-8",
      "/feeds/rss.xml",
    );
  });
  afterAll(() => server.close());

  it("leaves what it has not seen served, and what is no longer cached, to the full path", async () => {
    expect((await fetch(`${base}/feeds/rss.xml?lang=kk`)).status).toBe(299);
    fastLane.remember("/feeds/atom.xml", "/feeds/atom.xml", "application/atom+xml", "/feeds/atom.xml");
    expect((await fetch(`${base}/feeds/atom.xml`)).status).toBe(299);
    expect((await fetch(`${base}/feeds/rss.xml?lang=ru`, { method: "POST" })).status).toBe(299);
  });

  it("answers a cached feed in the encoding asked for, with Vary and that representation's ETag", async () => {
    const gzip = await fetch(`${base}/feeds/rss.xml?lang=ru`, { headers: { "accept-encoding": "gzip" } });
    expect(gzip.status).toBe(200);
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    expect(gzip.headers.get("etag")).toBe(feed.encoded.gzip.etag);
    expect(gzip.headers.get("vary")).toBe("Accept-Encoding");
    expect(gzip.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(gzip.headers.get("x-content-type-options")).toBe("nosniff");
    const head = await fetch(`${base}/feeds/rss.xml?lang=ru`, {
      method: "HEAD",
      headers: { "accept-encoding": "gzip" },
    });
    expect(head.headers.get("content-length")).toBe(String(feed.encoded.gzip.body.length));
    expect(await gzip.text()).toBe(feed.body.toString("utf8"));
    const identity = await fetch(`${base}/feeds/rss.xml?lang=ru`, { headers: { "accept-encoding": "identity" } });
    expect(identity.headers.get("etag")).toBe(feed.etag);
  });

  it("answers 304 only when the validator is the one of the representation it would send", async () => {
    const matching = await fetch(`${base}/feeds/rss.xml?lang=ru`, {
      headers: { "accept-encoding": "br, gzip", "if-none-match": feed.encoded.br.etag, "x-request-id": "poll-7" },
    });
    expect(matching.status).toBe(304);
    expect(matching.headers.get("etag")).toBe(feed.encoded.br.etag);
    expect(matching.headers.get("x-request-id")).toBe("poll-7");
    expect(matching.headers.get("cache-control")).toBe("public, max-age=60");
    expect(matching.headers.get("vary")).toBe("Accept-Encoding");
    const sinceModified = await fetch(`${base}/feeds/rss.xml?lang=ru`, {
      headers: { "accept-encoding": "identity", "if-modified-since": new Date(0).toUTCString() },
    });
    expect(sinceModified.status).toBe(304);
    const otherEncoding = await fetch(`${base}/feeds/rss.xml?lang=ru`, {
      headers: { "accept-encoding": "gzip", "if-none-match": feed.encoded.br.etag },
    });
    expect(otherEncoding.status).toBe(200);
    fastLane.flush();
    expect(recorded).toContainEqual(["GET", "/feeds/rss.xml", 304]);
    expect(recorded).toContainEqual(["GET", "/feeds/rss.xml", 200]);
  });
});
