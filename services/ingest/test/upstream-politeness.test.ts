import { setTimeout as sleep } from "node:timers/promises";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger, kvStreamName } from "@gazette/shared";
import type { UpstreamFeed } from "../src/upstreams/feeds-file.ts";
import { ParserPool } from "../src/upstreams/parsing/pool.ts";
import { UpstreamPoller } from "../src/upstreams/poller.ts";
import { PullAdapter } from "../src/upstreams/pull-adapter.ts";
import { upstreamReport } from "../src/upstreams/report.ts";
import { KvUpstreamStateStore } from "../src/upstreams/state.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { eventually } from "../../../test/support/eventually.ts";
import { ministryFeed, startRegionServers, type RegionServers } from "../../../test/support/upstream-region.ts";

/*
 * Polite like the best feed readers (issue 27): a host that answers 429 with Retry-After is left alone,
 * all of its feeds, while the other hosts are polled; the wait is kept in the shared state, so a
 * restarted process keeps it too, and so does every poll's next due time.
 */
describe("a host that asks us to wait is left alone, all of its feeds, over a restart (real NATS)", () => {
  const names = uniqueNames("polite");
  const parser = new ParserPool({ threads: 1 });
  let nats: NatsConnection;
  let region: RegionServers;
  let busy: string;
  let calm: string;
  /** When the busy host first asked us to wait, on the clock of `region.requests`. */
  let askedAt = Number.POSITIVE_INFINITY;

  beforeAll(async () => {
    nats = await connect({ servers: inject("natsUrl") });
    region = await startRegionServers(["127.0.0.1", "127.0.0.2"], (req, res, base) => {
      if (base === busy && req.url === "/f/0") {
        askedAt = Math.min(askedAt, region.elapsedMs());
        res.writeHead(429, { "retry-after": "3600", "content-type": "text/plain" }).end("slow down");
        return;
      }
      res.writeHead(200, { "content-type": "application/rss+xml" }).end(ministryFeed(`${base}${req.url}`));
    });
    [busy, calm] = region.bases as [string, string];
  });

  afterAll(async () => {
    await region.close();
    await parser.close();
    const jsm = await jetstreamManager(nats);
    await jsm.streams.delete(kvStreamName(names.INGEST_UPSTREAMS_BUCKET)).catch(() => undefined);
    await nats.close();
  });

  const feed = (url: string): UpstreamFeed => ({
    publisher: "demo",
    url,
    format: "feed",
    intervalSeconds: 1,
    timeZone: "UTC",
    allowPrivateAddresses: true,
  });

  async function adapterOf(feeds: UpstreamFeed[]) {
    const store = await KvUpstreamStateStore.open(jetstream(nats), names.INGEST_UPSTREAMS_BUCKET);
    const poller = new UpstreamPoller({
      submit: async () => ({ status: "unchanged" }) as never,
      logger: createLogger("test", "silent"),
      store,
      parser,
      timing: { minIntervalSeconds: 1, maxIntervalSeconds: 86_400 },
      userAgent: "Gazette-test",
    });
    return {
      adapter: new PullAdapter({ feeds, poller, concurrency: 8, perHost: 2, logger: createLogger("test", "silent") }),
      store,
    };
  }

  it("polls the other host on while none of the waiting host's feeds is asked again", async () => {
    const feeds = [...[0, 1, 2, 3].map((n) => feed(`${busy}/f/${n}`)), ...[0, 1].map((n) => feed(`${calm}/f/${n}`))];
    const { adapter, store } = await adapterOf(feeds);
    const after = (base: string) =>
      [...region.requests]
        .filter(([url]) => url.startsWith(base))
        .flatMap(([, times]) => times)
        .filter((at) => at > askedAt + 50);
    const started = performance.now();
    await adapter.start();
    // At least 4 s (four intervals), and until the other host has been polled twice since the ask
    // (a loaded machine starts the polls later, not fewer of them).
    await eventually(
      () => {
        expect(askedAt).toBeLessThan(Number.POSITIVE_INFINITY);
        expect(after(calm).length).toBeGreaterThanOrEqual(2);
      },
      { timeoutMs: 30_000 },
    );
    await sleep(Math.max(0, 4000 - (performance.now() - started)));
    await adapter.stop();
    // A poll already under way on the host when it asked (at most one more, per-host limit 2) may finish; none starts after.
    expect(after(busy)).toEqual([]);
    expect(after(calm).length).toBeGreaterThanOrEqual(2);
    const rows = await upstreamReport(feeds, store);
    expect(rows[0]).toMatchObject({ nextPollReason: "retry-after", nextPollDetail: "Retry-After: 3600 s" });
    for (const row of rows.filter((upstream) => upstream.url.startsWith(busy)).slice(1))
      expect(row, row.url).toMatchObject({
        nextPollReason: "host-backoff",
        nextPollDetail: expect.stringMatching(/429/),
      });
    const until = Date.parse(rows[1]!.nextPollAt!);
    expect(until - Date.now()).toBeGreaterThan(3_500_000);
  }, 30_000);

  it("keeps the host's wait and every feed's next poll over a restart: the new process asks nothing at once", async () => {
    const feeds = [...[0, 1, 2, 3].map((n) => feed(`${busy}/f/${n}`))];
    const before = [...region.requests].filter(([url]) => url.startsWith(busy)).flatMap(([, times]) => times).length;
    const { adapter } = await adapterOf(feeds);
    await adapter.start();
    await sleep(2500);
    await adapter.stop();
    expect([...region.requests].filter(([url]) => url.startsWith(busy)).flatMap(([, times]) => times)).toHaveLength(
      before,
    );
  }, 30_000);
});
