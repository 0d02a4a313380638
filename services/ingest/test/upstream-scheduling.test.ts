import { setTimeout as sleep } from "node:timers/promises";
import { parseFeed } from "@rowanmanning/feed-parser";
import { describe, expect, it } from "vitest";
import { feedHintsOf } from "../src/upstreams/parsing/feed-hints.ts";
import {
  effectiveIntervalSeconds,
  firstPollDelayMs,
  nextPollAfter,
  outsideSkipped,
  serverFreshness,
} from "../src/upstreams/poll-timing.ts";
import { firstPolls } from "../src/upstreams/pull-adapter.ts";
import { PollScheduler, type PollDone } from "../src/upstreams/scheduler.ts";
import type { UpstreamFeed } from "../src/upstreams/feeds-file.ts";

const timing = { minIntervalSeconds: 60, maxIntervalSeconds: 86_400 };
const now = Date.parse("2026-12-07T10:20:00Z"); // a Monday
const hour = 3_600_000;

describe("when to poll next (pure)", () => {
  const fetched = { now, intervalSeconds: 300, outcome: "fetched" as const, failuresInARow: 0, websubBackstop: false };

  it("polls at the interval, never below the minimum", () => {
    expect(nextPollAfter(fetched, timing)).toEqual({ at: now + 300_000, reason: "interval" });
    expect(nextPollAfter({ ...fetched, intervalSeconds: 5 }, timing)).toEqual({ at: now + 60_000, reason: "interval" });
    expect(effectiveIntervalSeconds(5, timing)).toBe(60);
  });

  it("waits as long as Cache-Control max-age asks: max-age=7200 is two hours", () => {
    const next = nextPollAfter({ ...fetched, responseHeaders: { "cache-control": "public, max-age=7200" } }, timing);
    expect(next).toEqual({ at: now + 2 * hour, reason: "max-age", detail: "Cache-Control: public, max-age=7200" });
    // A 304's headers count as a 200's (they refresh the stored answer).
    const notModified = {
      ...fetched,
      outcome: "not-modified" as const,
      responseHeaders: { "cache-control": "max-age=7200" },
    };
    expect(nextPollAfter(notModified, timing).at).toBe(now + 2 * hour);
  });

  it("reads Expires against Date, ignores no-store, no-cache and a max-age below the interval", () => {
    const date = new Date(now).toUTCString();
    const expires = new Date(now + 3 * hour).toUTCString();
    expect(nextPollAfter({ ...fetched, responseHeaders: { date, expires } }, timing)).toMatchObject({
      at: now + 3 * hour,
      reason: "expires",
    });
    for (const cacheControl of ["no-store, max-age=7200", "no-cache, max-age=7200", "max-age=60", "max-age=abc"])
      expect(nextPollAfter({ ...fetched, responseHeaders: { "cache-control": cacheControl } }, timing).reason).toBe(
        "interval",
      );
    expect(serverFreshness({ expires: "0" }, now)).toBeUndefined();
    expect(serverFreshness({ date, expires: new Date(now - hour).toUTCString() }, now)).toBeUndefined();
  });

  it("holds a server's or a feed's wish to the longest wait configured", () => {
    const year = nextPollAfter({ ...fetched, responseHeaders: { "cache-control": "max-age=31536000" } }, timing);
    expect(year).toMatchObject({ at: now + 86_400_000, reason: "max-age" });
    expect(nextPollAfter({ ...fetched, hints: { ttlMinutes: 100_000 } }, timing)).toMatchObject({
      at: now + 86_400_000,
      reason: "ttl",
    });
  });

  it("takes RSS <ttl> and sy:updatePeriod/updateFrequency, the longest wait winning", () => {
    expect(nextPollAfter({ ...fetched, hints: { ttlMinutes: 90 } }, timing)).toMatchObject({
      at: now + 90 * 60_000,
      reason: "ttl",
    });
    expect(nextPollAfter({ ...fetched, hints: { updatePeriodSeconds: 1800, ttlMinutes: 10 } }, timing)).toMatchObject({
      at: now + 1_800_000,
      reason: "update-period",
    });
  });

  it("moves the poll out of skipHours (GMT) and skipDays", () => {
    // Due at 10:25 UTC; hours 10 and 11 skipped: 12:00.
    expect(nextPollAfter({ ...fetched, hints: { skipHours: [10, 11] } }, timing)).toMatchObject({
      at: Date.parse("2026-12-07T12:00:00Z"),
      reason: "skip-hours",
    });
    // Monday skipped (1): Tuesday 00:00 UTC.
    expect(nextPollAfter({ ...fetched, hints: { skipDays: [1] } }, timing)).toMatchObject({
      at: Date.parse("2026-12-08T00:00:00Z"),
      reason: "skip-days",
    });
    // Every hour or every day skipped says nothing usable: ignored.
    const all = { at: now, reason: "interval" as const };
    expect(outsideSkipped(all, { skipHours: [...Array(24).keys()] })).toEqual(all);
    expect(outsideSkipped(all, { skipDays: [0, 1, 2, 3, 4, 5, 6] })).toEqual(all);
  });

  it("after a failure, backs off or waits as long as Retry-After asks (within the ceiling)", () => {
    const failed = { ...fetched, outcome: "failed" as const, failuresInARow: 2 };
    expect(nextPollAfter(failed, timing)).toMatchObject({ at: now + 1_200_000, reason: "backoff" });
    expect(nextPollAfter({ ...failed, retryAfterSeconds: 3000 }, timing)).toMatchObject({
      at: now + 3_000_000,
      reason: "retry-after",
    });
    expect(nextPollAfter({ ...failed, retryAfterSeconds: 3_000_000 }, timing).at).toBe(now + hour);
  });

  it("polls hourly as a backstop while a hub pushes changes", () => {
    expect(nextPollAfter({ ...fetched, websubBackstop: true }, timing)).toMatchObject({
      at: now + hour,
      reason: "websub-backstop",
    });
  });
});

describe("first polls (pure)", () => {
  const feed = (url: string, intervalSeconds = 3600): UpstreamFeed => ({
    publisher: "demo",
    url,
    format: "feed",
    timeZone: "UTC",
    allowPrivateAddresses: false,
    intervalSeconds,
  });

  it("spreads first polls over the interval, each at a place fixed by its URL", () => {
    const delays = Array.from({ length: 2000 }, (_, index) =>
      firstPollDelayMs(`https://www.gov.kz/memleket/entities/mfa-${index}/press/rss`, 3600),
    );
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(3_600_000);
    // Each tenth of the hour holds about a tenth of them (none more than twice as many).
    const tenths = new Array(10).fill(0);
    for (const delay of delays) tenths[Math.floor(delay / 360_000)]++;
    expect(Math.max(...tenths)).toBeLessThan(400);
    expect(Math.min(...tenths)).toBeGreaterThan(100);
    expect(firstPollDelayMs("https://mfa.gov.kz/rss", 3600)).toBe(firstPollDelayMs("https://mfa.gov.kz/rss", 3600));
  });

  it("after a restart takes the next poll the shared state holds, and waits for another process's lease", () => {
    const [known, leased, overdue, fresh] = ["a", "b", "c", "d"].map((name) => feed(`https://gov.kz/${name}`));
    const states = new Map([
      [
        known!.url,
        { url: known!.url, publisher: "demo", failuresInARow: 0, nextPollAt: new Date(now + 600_000).toISOString() },
      ],
      [
        leased!.url,
        {
          url: leased!.url,
          publisher: "demo",
          failuresInARow: 0,
          nextPollAt: new Date(now - 1000).toISOString(),
          lease: { holder: "other", until: new Date(now + 30_000).toISOString() },
        },
      ],
      [
        overdue!.url,
        { url: overdue!.url, publisher: "demo", failuresInARow: 0, nextPollAt: new Date(now - hour).toISOString() },
      ],
    ]);
    const plan = firstPolls([known!, leased!, overdue!, fresh!], states, now, timing);
    expect(plan.map(({ at, planned }) => ({ at: at - now, planned }))).toEqual([
      { at: 600_000, planned: false },
      { at: 30_000, planned: false },
      { at: 0, planned: false },
      { at: firstPollDelayMs(fresh!.url, 3600), planned: true },
    ]);
  });
});

describe("polling hints in feed documents (pure)", () => {
  const hintsOf = (xml: string) => feedHintsOf(parseFeed(xml).element);

  it("reads ttl, the syndication module, skipHours and skipDays of RSS 2.0", () => {
    const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>
      <title>МИД</title><ttl>90</ttl><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency>
      <skipHours><hour>0</hour><hour>1</hour><hour>24</hour><hour>x</hour></skipHours>
      <skipDays><day>Saturday</day><day>Sunday</day><day>Caturday</day></skipDays>
      <item><title>t</title><guid>g</guid></item></channel></rss>`;
    expect(hintsOf(rss)).toEqual({ ttlMinutes: 90, updatePeriodSeconds: 1800, skipHours: [0, 1], skipDays: [0, 6] });
  });

  it("reads the syndication module in Atom, and nothing where a feed says nothing or nonsense", () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
      <title>t</title><id>urn:x</id><updated>2026-12-01T00:00:00Z</updated><sy:updatePeriod>daily</sy:updatePeriod></feed>`;
    expect(hintsOf(atom)).toEqual({ updatePeriodSeconds: 86_400 });
    const plain = `<rss version="2.0"><channel><title>t</title><ttl>-5</ttl><item><title>i</title></item></channel></rss>`;
    expect(hintsOf(plain)).toEqual({});
    const bad = `<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>t</title>
      <sy:updatePeriod>fortnightly</sy:updatePeriod><sy:updateFrequency>0</sy:updateFrequency></channel></rss>`;
    expect(hintsOf(bad)).toEqual({});
  });
});

describe("the poll scheduler: bounded work, spread over hosts", () => {
  type Feed = { url: string };
  const feedsOn = (host: string, count: number): Feed[] =>
    Array.from({ length: count }, (_, index) => ({ url: `http://${host}/feed-${index}` }));

  /** A scheduler whose polls take `pollMs` and are recorded; the highest concurrency seen, in all and per host. */
  function recordingScheduler(options: {
    concurrency: number;
    perHost: number;
    pollMs: number;
    done?: (feed: Feed) => Partial<PollDone>;
  }) {
    const seen = { max: 0, maxByHost: new Map<string, number>(), polled: [] as string[] };
    let running = 0;
    const byHost = new Map<string, number>();
    const scheduler = new PollScheduler<Feed>({
      concurrency: options.concurrency,
      perHost: options.perHost,
      retryMs: 60_000,
      poll: async (feed, slot) => {
        const host = new URL(feed.url).hostname;
        running++;
        byHost.set(host, (byHost.get(host) ?? 0) + 1);
        seen.max = Math.max(seen.max, running);
        seen.maxByHost.set(host, Math.max(seen.maxByHost.get(host) ?? 0, byHost.get(host)!));
        await sleep(options.pollMs);
        byHost.set(host, byHost.get(host)! - 1);
        slot.releaseHost();
        running--;
        seen.polled.push(feed.url);
        return { nextPollAt: Date.now() + 3_600_000, ...options.done?.(feed) };
      },
    });
    return { scheduler, seen };
  }

  it("never runs more than the global limit, nor more than the per-host limit on one host, and polls every due feed once", async () => {
    const { scheduler, seen } = recordingScheduler({ concurrency: 8, perHost: 2, pollMs: 5 });
    const feeds = [
      ...feedsOn("www.gov.kz", 200),
      ...["a", "b", "c", "d"].flatMap((host) => feedsOn(`${host}.gov.uz`, 20)),
    ];
    for (const feed of feeds) scheduler.schedule(feed, Date.now());
    while (seen.polled.length < feeds.length) await sleep(20);
    await scheduler.stop();
    expect(new Set(seen.polled).size).toBe(feeds.length);
    expect(seen.polled).toHaveLength(feeds.length);
    expect(seen.max).toBeLessThanOrEqual(8);
    expect(Math.max(...seen.maxByHost.values())).toBe(2);
    // The small hosts were not made to wait for the big one: all of theirs are done before the big host's half.
    const lastSmall = Math.max(...seen.polled.map((url, index) => (url.includes(".gov.uz") ? index : -1)));
    expect(lastSmall).toBeLessThan(feeds.length / 2);
  });

  it("does not poll a feed before it is due", async () => {
    const { scheduler, seen } = recordingScheduler({ concurrency: 4, perHost: 2, pollMs: 1 });
    scheduler.schedule({ url: "http://later.kz/rss" }, Date.now() + 60_000);
    scheduler.schedule({ url: "http://now.kz/rss" }, Date.now());
    await sleep(200);
    expect(seen.polled).toEqual(["http://now.kz/rss"]);
    expect(scheduler.stats().queued).toBe(0);
    await scheduler.stop();
  });

  it("holds every feed of a host that asked to wait, and polls the other hosts meanwhile", async () => {
    const { scheduler, seen } = recordingScheduler({
      concurrency: 4,
      perHost: 2,
      pollMs: 1,
      // busy.kz's first answer asks every client to wait 400 ms.
      done: (feed) => (feed.url === "http://busy.kz/feed-0" ? { hostBackoffUntil: Date.now() + 400 } : {}),
    });
    for (const feed of [...feedsOn("busy.kz", 6), ...feedsOn("calm.kz", 6)]) scheduler.schedule(feed, Date.now());
    await sleep(150);
    // The first answer of busy.kz (and at most the other one in flight with it) came before it asked.
    expect(seen.polled.filter((url) => url.includes("busy.kz")).length).toBeLessThanOrEqual(2);
    expect(seen.polled.filter((url) => url.includes("calm.kz"))).toHaveLength(6);
    expect(scheduler.stats().hostsBackedOff.has("busy.kz")).toBe(true);
    expect(scheduler.stats().queued).toBeGreaterThanOrEqual(4);
    while (seen.polled.length < 12) await sleep(20);
    expect(scheduler.stats().hostsBackedOff.has("busy.kz")).toBe(false);
    await scheduler.stop();
  });

  it("takes a poll that throws as one to make again later, and goes on with the others", async () => {
    const calls = { broken: 0, fine: 0 };
    const scheduler = new PollScheduler<Feed>({
      concurrency: 2,
      perHost: 1,
      retryMs: 50,
      poll: async (feed) => {
        if (feed.url.endsWith("broken") && ++calls.broken < 3) throw new Error("a bug");
        if (feed.url.endsWith("fine")) calls.fine++;
        return { nextPollAt: Date.now() + 3_600_000 };
      },
    });
    scheduler.schedule({ url: "http://x.kz/broken" }, Date.now());
    scheduler.schedule({ url: "http://y.kz/fine" }, Date.now());
    while (calls.broken < 3) await sleep(20);
    await sleep(100);
    expect(calls).toEqual({ broken: 3, fine: 1 });
    expect(scheduler.stats().inFlight).toBe(0);
    await scheduler.stop();
  });
});
