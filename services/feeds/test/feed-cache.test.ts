import { describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import { cacheableAnswer, renderedFeed } from "../src/http-cache/conditional-get.ts";
import { FeedCache, type RenderedFeed } from "../src/http-cache/feed-cache.ts";

const feed = (body: string): RenderedFeed => ({
  body: Buffer.from(body),
  etag: `"${body}"`,
  encoded: {
    gzip: { body: Buffer.alloc(0), etag: '"g"', bytesHeld: 0 },
    br: { body: Buffer.alloc(0), etag: '"b"', bytesHeld: 0 },
  },
  growth: {},
});

describe("FeedCache", () => {
  it("serves an entry until its TTL, and forgets the oldest beyond its size", () => {
    let now = 1000;
    const cache = new FeedCache({ ttlMs: 100, maxEntries: 2, maxBytes: 1_000_000, now: () => now });
    cache.set("a", feed("a"), cache.startBuilding());
    expect(cache.get("a")?.body.toString()).toBe("a");
    now = 1099;
    expect(cache.get("a")?.body.toString()).toBe("a");
    now = 1100;
    expect(cache.get("a")).toBeUndefined();
    cache.set("a", feed("a"), now);
    cache.set("b", feed("b"), now);
    cache.set("c", feed("c"), now);
    expect([cache.get("a"), cache.get("b")?.body.toString(), cache.get("c")?.body.toString()]).toEqual([
      undefined,
      "b",
      "c",
    ]);
  });

  it("drops what was built before a write settles, and refuses entries whose query started before it", () => {
    let now = 1000;
    const cache = new FeedCache({ ttlMs: 60_000, maxEntries: 10, maxBytes: 1_000_000, now: () => now });
    const started = cache.startBuilding();
    cache.set("a", feed("old"), started);
    cache.invalidate(2100);
    expect(cache.get("a")).toBeUndefined();
    now = 1500;
    cache.set("a", feed("still maybe old"), cache.startBuilding());
    expect(cache.get("a")).toBeUndefined();
    now = 2100;
    cache.set("a", feed("new"), cache.startBuilding());
    expect(cache.get("a")?.body.toString()).toBe("new");
    cache.invalidate(1000);
    expect(cache.get("a")?.body.toString()).toBe("new");
  });

  it("holds at most its byte bound under 10,000 distinct feed URLs, forgetting the least recently used", () => {
    const cache = new FeedCache({ ttlMs: 60_000, maxEntries: 100_000, maxBytes: 5 * 1024 * 1024, now: () => 0 });
    const big = (i: number) => ({ ...feed(`${i}`.padEnd(50 * 1024, "x")) });
    let peak = 0;
    for (let i = 0; i < 10_000; i++) {
      cache.set(`/feeds/rss.xml?q=${i}`, big(i), 0);
      if (i === 50) expect(cache.get("/feeds/rss.xml?q=0")).toBeDefined(); // used recently: kept
      peak = Math.max(peak, cache.bytes);
    }
    expect(peak).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(cache.size).toBe(Math.floor((5 * 1024 * 1024) / (50 * 1024)));
    expect(cache.get("/feeds/rss.xml?q=9999")).toBeDefined();
    expect(cache.get("/feeds/rss.xml?q=1")).toBeUndefined();
    // A feed larger than the whole bound is not kept at all.
    cache.set("huge", feed("x".repeat(6 * 1024 * 1024)), 0);
    expect(cache.get("huge")).toBeUndefined();
  });

  it("counts a compressed representation from when a request first asks for it, and keeps to its bound then too", () => {
    // Text that compresses poorly, so the gzip representation is about as large as the body.
    let seed = 7;
    const nextCharacter = () => {
      seed = (seed * 48271) % 2147483647;
      return String.fromCharCode(33 + (seed % 90));
    };
    const noise = (length: number) => Array.from({ length }, nextCharacter).join("");
    const cache = new FeedCache({ ttlMs: 60_000, maxEntries: 100, maxBytes: 300_000, now: () => 0 });
    const first = renderedFeed(noise(100_000), undefined);
    const second = renderedFeed(noise(100_000), undefined);
    cache.set("first", first, 0);
    cache.set("second", second, 0);
    expect(cache.bytes).toBe(200_000); // nothing compressed yet
    expect(cache.get("first")).toBe(first); // used last: "second" is now the least recently used
    const gzip = first.encoded.gzip.body;
    expect(gunzipSync(gzip).equals(first.body)).toBe(true);
    expect(first.encoded.gzip.bytesHeld).toBe(gzip.length);
    expect(first.encoded.gzip.body).toBe(gzip); // compressed once, then kept
    expect(cache.bytes).toBe(200_000 + gzip.length);
    // Brotli too: beyond the bound now, so the least recently used entry goes.
    const br = first.encoded.br.body;
    expect(200_000 + gzip.length + br.length).toBeGreaterThan(300_000);
    expect([cache.get("second"), cache.get("first")]).toEqual([undefined, first]);
    expect(cache.bytes).toBe(100_000 + gzip.length + br.length);
    // Each representation has its own strong ETag, known without compressing anything.
    expect(new Set([second.etag, second.encoded.gzip.etag, second.encoded.br.etag]).size).toBe(3);
    expect([second.encoded.gzip.bytesHeld, second.encoded.br.bytesHeld]).toEqual([0, 0]);
    // A 304 compresses nothing; a 200 in brotli makes that representation only.
    const conditional = { "accept-encoding": "br", "if-none-match": second.encoded.br.etag };
    expect(cacheableAnswer(conditional, second, "application/json", "public").status).toBe(304);
    expect([second.encoded.gzip.bytesHeld, second.encoded.br.bytesHeld]).toEqual([0, 0]);
    const sent = cacheableAnswer({ "accept-encoding": "br" }, second, "application/json", "public");
    expect([sent.status, sent.headers["content-encoding"], sent.body]).toEqual([200, "br", second.encoded.br.body]);
    expect(second.encoded.gzip.bytesHeld).toBe(0);
  });
});
