import { describe, expect, it } from "vitest";
import { FeedCache } from "../src/feed-cache.ts";

const feed = (body: string) => ({ body: Buffer.from(body), etag: `"${body}"` });

describe("FeedCache", () => {
  it("serves an entry until its TTL, and forgets the oldest beyond its size", () => {
    let now = 1000;
    const cache = new FeedCache({ ttlMs: 100, maxEntries: 2, now: () => now });
    cache.set("a", feed("a"), cache.startBuilding());
    expect(cache.get("a")?.body.toString()).toBe("a");
    now = 1099;
    expect(cache.get("a")?.body.toString()).toBe("a");
    now = 1100;
    expect(cache.get("a")).toBeUndefined();
    cache.set("a", feed("a"), now);
    cache.set("b", feed("b"), now);
    cache.set("c", feed("c"), now);
    expect([cache.get("a"), cache.get("b")?.body.toString(), cache.get("c")?.body.toString()]).toEqual([undefined, "b", "c"]);
  });

  it("drops what was built before a write settles, and refuses entries whose query started before it", () => {
    let now = 1000;
    const cache = new FeedCache({ ttlMs: 60_000, maxEntries: 10, now: () => now });
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
});
