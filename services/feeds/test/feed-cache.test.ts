import { describe, expect, it } from "vitest";
import { FeedCache } from "../src/feed-cache.ts";

const feed = (body: string) => ({
  body: Buffer.from(body),
  etag: `"${body}"`,
  encoded: { gzip: { body: Buffer.alloc(0), etag: '"g"' }, br: { body: Buffer.alloc(0), etag: '"b"' } },
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
});
