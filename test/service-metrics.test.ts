import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

/** Every service answers GET /metrics in Prometheus' format (the indexer's is tested with its dead letters). */
describe("metrics on ingest and feeds (real stack)", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack("metrics");
  });
  afterAll(() => stack.stop());

  it("counts ingest's requests by route and status, 429s and 4xx included, with latencies", async () => {
    expect((await stack.post(sampleRelease("metrics-1"))).status).toBe(202);
    expect((await stack.post({ externalId: "bad" })).status).toBe(400);
    const text = await (await fetch(`${stack.ingestUrl}/metrics`)).text();
    expect(text).toMatch(/gazette_ingest_http_requests_total\{method="POST",route="\/v1\/releases",status="202"\} 1/);
    expect(text).toMatch(/gazette_ingest_http_requests_total\{method="POST",route="\/v1\/releases",status="400"\} 1/);
    expect(text).toContain("gazette_ingest_http_request_duration_seconds_bucket");
    expect(text).toContain("# TYPE gazette_ingest_upstream_polls_total counter");
    expect(text).toContain("gazette_ingest_process_cpu_seconds_total");
  });

  it("counts feeds' cache hits and misses, feed builds, WebSub deliveries and requests by route", async () => {
    // Just after a write, feeds are not cached until it is searchable (about 1.3 s): ask until they are.
    let text = "";
    let asked = 0;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
      expect((await fetch(`${stack.feedsUrl}/feeds/atom.xml?lang=metrics`)).status).toBe(200);
      asked++;
      text = await (await fetch(`${stack.feedsUrl}/metrics`)).text();
      if (Number(/gazette_feeds_feed_cache_hits_total (\d+)/.exec(text)?.[1]) >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(text).toMatch(/gazette_feeds_feed_cache_misses_total [1-9]/);
    expect(Number(/gazette_feeds_feed_cache_hits_total (\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/gazette_feeds_feed_cache_entries [1-9]/);
    expect(text).toContain("gazette_feeds_feed_build_duration_seconds_count");
    expect(text).toContain("# TYPE gazette_feeds_websub_deliveries_total counter");
    expect(text).toContain(
      `gazette_feeds_http_requests_total{method="GET",route="/feeds/atom.xml",status="200"} ${asked}`,
    );
  });
});
