import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@gazette/shared";
import { renderedFeed } from "../src/conditional-get.ts";
import type { RenderedFeed } from "../src/feed-cache.ts";
import { FeedFastLane } from "../src/feed-fast-lane.ts";

describe("the feed fast lane (a real HTTP server on loopback)", () => {
  const feed = renderedFeed(`<rss version="2.0"><channel>${"<item>x</item>".repeat(200)}</channel></rss>`, new Date(0));
  const cache = new Map<string, RenderedFeed>([["/feeds/rss.xml?lang=ru", feed]]);
  const recorded: [string, string, number][] = [];
  const fastLane = new FeedFastLane({
    lookup: (key) => cache.get(key),
    maxAgeSeconds: 60,
    logger: createLogger("test", "silent"),
    record: (method, route, status) => recorded.push([method, route, status]),
  });
  const app = express();
  app.use(fastLane.handler);
  app.use((_req, res) => {
    res.status(299).send("full path");
  });
  let base = "";
  let server: ReturnType<typeof app.listen>;

  beforeAll(async () => {
    server = app.listen(0, "127.0.0.1");
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
    const otherEncoding = await fetch(`${base}/feeds/rss.xml?lang=ru`, {
      headers: { "accept-encoding": "gzip", "if-none-match": feed.encoded.br.etag },
    });
    expect(otherEncoding.status).toBe(200);
    expect(recorded).toContainEqual(["GET", "/feeds/rss.xml", 304]);
    expect(recorded).toContainEqual(["GET", "/feeds/rss.xml", 200]);
  });
});
