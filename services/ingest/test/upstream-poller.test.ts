import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { nextPollDelayMs } from "../src/upstreams/poll-timing.ts";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";
import { wordpressRssFromSample } from "../../../test/support/wordpress-feed.ts";
import { eventually } from "../../../test/support/eventually.ts";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "upstream", name), "utf8");

describe("nextPollDelayMs", () => {
  it("polls at the interval, doubles per failure up to an hour, and honours Retry-After", () => {
    expect(nextPollDelayMs(60, 0)).toBe(60_000);
    expect(nextPollDelayMs(60, 3)).toBe(480_000);
    expect(nextPollDelayMs(60, 30)).toBe(3_600_000);
    expect(nextPollDelayMs(7200, 5)).toBe(7_200_000);
    expect(nextPollDelayMs(60, 1, 600)).toBe(600_000);
  });
});

/** A ministry's web server on loopback: feeds with ETag and Last-Modified, and one that fails at first. */
function upstreamServer() {
  const documents = new Map<string, { type: string; body: string; modified: string }>();
  const stats = { requests: new Map<string, number>(), notModified: 0, failuresLeft: 2 };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "";
    stats.requests.set(path, (stats.requests.get(path) ?? 0) + 1);
    if (path === "/wp-json/wp/v2/posts" && stats.failuresLeft > 0) {
      stats.failuresLeft--;
      res.writeHead(500, { "content-type": "text/html" }).end("<h1>Error establishing a database connection</h1>");
      return;
    }
    const document = documents.get(path);
    if (document === undefined) {
      res.writeHead(404).end();
      return;
    }
    const etag = `"${createHash("sha256").update(document.body).digest("hex").slice(0, 16)}"`;
    if (req.headers["if-none-match"] === etag) {
      stats.notModified++;
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { "content-type": document.type, etag, "last-modified": document.modified }).end(document.body);
  });
  const publish = (path: string, type: string, body: string) =>
    documents.set(path, { type, body, modified: new Date().toUTCString() });
  return { server, stats, publish };
}

describe("the pull adapter on real NATS: upstream feeds served on loopback", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-upstream-"));
  const upstream = upstreamServer();
  let ingest: TestIngest;

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(upstream.server.address() as { port: number }).port}`;
    upstream.publish("/feed/", "application/rss+xml; charset=UTF-8", wordpressRssFromSample());
    upstream.publish("/kk/news.atom", "application/atom+xml", fixture("atom-kk.xml"));
    upstream.publish("/en/press.rss", "application/rss+xml", fixture("rss-broken-item.xml"));
    upstream.publish("/wp-json/wp/v2/posts", "application/json", fixture("wordpress-posts.json"));
    const feedsFile = join(dir, "upstream.json");
    writeFileSync(
      feedsFile,
      JSON.stringify({
        feeds: [
          { publisher: "demo", url: `${base}/feed/`, intervalSeconds: 1 },
          { publisher: "demo", url: `${base}/kk/news.atom`, intervalSeconds: 1 },
          { publisher: "demo", url: `${base}/en/press.rss`, intervalSeconds: 1 },
          {
            publisher: "demo",
            url: `${base}/wp-json/wp/v2/posts`,
            format: "wordpress",
            language: "ru",
            intervalSeconds: 1,
          },
        ],
      }),
    );
    ingest = await startTestIngest("upstream", inject("natsUrl"), {
      INGEST_UPSTREAM_FEEDS_FILE: feedsFile,
      // Every second, so the test sees several rounds: below the 60 s a real upstream gets.
      INGEST_UPSTREAM_MIN_INTERVAL_SECONDS: "1",
      // The WordPress feed says sy:updatePeriod hourly, as WordPress does: held to a second here.
      INGEST_UPSTREAM_MAX_INTERVAL_SECONDS: "1",
    });
  });

  afterAll(async () => {
    await ingest?.stop();
    upstream.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function eventsReach(count: number): Promise<void> {
    await eventually(async () => expect(await ingest.eventCount()).toBeGreaterThanOrEqual(count));
  }

  it("takes in every good entry of every feed through the push path, skipping broken ones, and retries a failing feed", async () => {
    // WordPress RSS 1 + Atom 2 + RSS with broken items 3 of 5 (the untitled one takes its first words
    // as its title) + WordPress REST 1 of 2 (after two 500s).
    await eventsReach(7);
    const release = (await (
      await ingest.call("GET", `/v1/releases/${encodeURIComponent("https://mci.example.kz/?p=1234")}`)
    ).json()) as { status: string; release: { body: string; images: { credit?: string }[]; language: string } };
    expect(release.status).toBe("published");
    expect(release.release.language).toBe("ru-RU");
    expect(release.release.body).toContain("реабилитации и реинтеграции");
    expect(release.release.body).not.toMatch(/Exit mobile version|appeared first on/);
    expect(release.release.images[0]?.credit).toBe("Министерство культуры и информации Республики Казахстан");
    for (const externalId of [
      "tag:mci.example.kz,2024:news/5012",
      "mfa-771",
      "mfa-775",
      "mfa-773",
      "https://culture.example.kz/?p=2201",
    ]) {
      expect((await ingest.call("GET", `/v1/releases/${encodeURIComponent(externalId)}`)).status, externalId).toBe(200);
    }
    const untitled = (await (await ingest.call("GET", "/v1/releases/mfa-773")).json()) as {
      release: { title: string };
    };
    expect(untitled.release.title).toBe("An item without a title.");
    for (const broken of ["mfa-774", "wp-post-2202"])
      expect((await ingest.call("GET", `/v1/releases/${broken}`)).status, broken).toBe(404);
    expect(upstream.stats.requests.get("/wp-json/wp/v2/posts")).toBeGreaterThanOrEqual(3);
  });

  it("asks with If-None-Match and gets 304s while nothing changes, adding no events", async () => {
    const before = await ingest.eventCount();
    const notModified = upstream.stats.notModified;
    await eventually(() => expect(upstream.stats.notModified).toBeGreaterThan(notModified + 2), { intervalMs: 100 });
    expect(await ingest.eventCount()).toBe(before);
  });

  it("turns a changed entry into an update and a new entry into a release", async () => {
    const before = await ingest.eventCount();
    upstream.publish(
      "/feed/",
      "application/rss+xml; charset=UTF-8",
      wordpressRssFromSample({ title: "В Узбекистане обсудили вопросы реабилитации (обновлено)", extraItem: true }),
    );
    await eventsReach(before + 2);
    const updated = (await (
      await ingest.call("GET", `/v1/releases/${encodeURIComponent("https://mci.example.kz/?p=1234")}`)
    ).json()) as { release: { title: string; version: number } };
    expect(updated.release).toMatchObject({
      title: "В Узбекистане обсудили вопросы реабилитации (обновлено)",
      version: 2,
    });
    expect(
      (await ingest.call("GET", `/v1/releases/${encodeURIComponent("https://mci.example.kz/?p=1235")}`)).status,
    ).toBe(200);
    expect((await fetch(`${ingest.base}/readyz`)).status).toBe(200);
  });

  it("reports each upstream of the caller's publisher at GET /v1/upstreams: last poll, outcome, counts, next poll", async () => {
    const response = await ingest.call("GET", "/v1/upstreams");
    expect(response.status).toBe(200);
    const { upstreams } = (await response.json()) as {
      upstreams: {
        url: string;
        lastOutcome?: string;
        failuresInARow: number;
        nextPollAt?: string;
        lastCounts?: { skipped: number };
        skipped?: unknown[];
      }[];
    };
    expect(upstreams.map((upstream) => new URL(upstream.url).pathname)).toEqual([
      "/feed/",
      "/kk/news.atom",
      "/en/press.rss",
      "/wp-json/wp/v2/posts",
    ]);
    for (const upstream of upstreams)
      expect(upstream).toMatchObject({
        lastOutcome: expect.stringMatching(/^(fetched|not-modified)$/),
        failuresInARow: 0,
        nextPollAt: expect.any(String),
      });
    const broken = upstreams.find((upstream) => upstream.url.endsWith("/en/press.rss"));
    expect((await ingest.call("GET", "/v1/upstreams", undefined, "wrong-key")).status).toBe(401);
    expect(broken).toMatchObject({
      lastCounts: { skipped: 2 },
      skipped: [
        { ref: "item 2", reason: expect.stringMatching(/no guid/) },
        { ref: "mfa-774", reason: expect.stringMatching(/body/) },
      ],
    });
  });
});
