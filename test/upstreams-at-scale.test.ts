import type { ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kvStreamName } from "@gazette/shared";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { spawnService, stopChild } from "../tools/dev-stack/services.ts";
import { uniqueNames } from "./support/names.ts";
import { ministryFeed, residentMemoryMb, startRegionServers, type RegionServers } from "./support/upstream-region.ts";

/*
 * The pull adapter at the size of a region (issue 27): 5,000 upstreams, 4,000 of them on one host (as
 * www.gov.kz serves every ministry of Kazakhstan) and 250 on each of four others, polled by a real
 * ingest process on real NATS with its default limits: 8 polls at once, 2 per host, first polls spread
 * over the interval (60 s, the least an upstream gets).
 */
const mainHostFeeds = 4000;
const otherHostFeeds = 250;
const intervalSeconds = 60;

describe("the pull adapter at the scale of a region: 5,000 upstreams on five hosts (real ingest process, real NATS)", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-region-"));
  const names = uniqueNames("region");
  let region: RegionServers;
  let ingest: ChildProcess;
  let base = "";
  let readyAfterMs = 0;
  let maxAgeUrl = "";
  const feedUrls: string[] = [];

  beforeAll(async () => {
    region = await startRegionServers(["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"], (req, res) => {
      const path = req.url ?? "";
      if (path === "/max-age") {
        res.writeHead(200, { "content-type": "application/rss+xml", "cache-control": "max-age=7200" });
        res.end(ministryFeed("max-age"));
        return;
      }
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" }).end(ministryFeed(path.slice(3)));
    });
    const [main, ...others] = region.bases;
    for (let index = 0; index < mainHostFeeds; index++) feedUrls.push(`${main}/f/${index}`);
    for (const [host, other] of others.entries())
      for (let index = 0; index < otherHostFeeds; index++) feedUrls.push(`${other}/f/${host}-${index}`);
    maxAgeUrl = `${others[0]}/max-age`;
    feedUrls[feedUrls.length - 1] = maxAgeUrl;
    const feedsFile = join(dir, "upstreams.json");
    writeFileSync(
      feedsFile,
      JSON.stringify({ feeds: feedUrls.map((url) => ({ publisher: "demo", url, intervalSeconds })) }),
    );
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const log = openSync(join(dir, "ingest.log"), "a");
    const started = performance.now();
    ingest = spawnService(
      "ingest",
      {
        ...process.env,
        ...names,
        NATS_URL: inject("natsUrl"),
        INGEST_PORT: String(port),
        INGEST_UPSTREAM_FEEDS_FILE: feedsFile,
        OUTBOUND_ALLOW_PRIVATE: "true",
        PUBLISHERS_BUCKET: `publishers-${names.INGEST_RELEASES_BUCKET}`,
        INGEST_RATE_LIMIT_PER_MINUTE: "100000",
        INGEST_USER_AGENT_CONTACT: "https://gazette.example/contact",
        LOG_LEVEL: "warn",
      },
      log,
    );
    for (;;) {
      if (ingest.exitCode !== null) throw new Error(`ingest exited: ${readFileSync(join(dir, "ingest.log"), "utf8")}`);
      const ready = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
      if (ready?.ok === true) break;
      await sleep(50);
    }
    readyAfterMs = performance.now() - started;
  });

  afterAll(async () => {
    if (ingest !== undefined) await stopChild(ingest);
    await region?.close();
    const nats = await connect({ servers: inject("natsUrl") });
    const jsm = await jetstreamManager(nats);
    for (const stream of [
      names.NATS_STREAM,
      kvStreamName(names.INGEST_RELEASES_BUCKET),
      kvStreamName(names.INGEST_UPSTREAMS_BUCKET),
      kvStreamName(names.REPORTS_BUCKET),
      kvStreamName(`publishers-${names.INGEST_RELEASES_BUCKET}`),
    ])
      await jsm.streams.delete(stream).catch(() => undefined);
    await nats.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is ready within 5 s, polls every feed once within the first interval, spread, within the host limits and 512 MB, the push API answering throughout", async () => {
    expect(readyAfterMs).toBeLessThan(5000);
    const pushes: { status: number; ms: number }[] = [];
    let memory = residentMemoryMb(ingest.pid!);
    const started = performance.now();
    const deadline = started + (intervalSeconds + 30) * 1000;
    for (let turn = 0; feedUrls.some((url) => !region.requests.has(url)) && performance.now() < deadline; turn++) {
      const sent = performance.now();
      const response = await fetch(`${base}/v1/releases`, {
        method: "POST",
        headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
        body: JSON.stringify({
          externalId: `push-${turn}`,
          language: "ru",
          title: `Пресс-релиз ${turn}`,
          body: "<p>Текст</p>",
        }),
      });
      await response.body?.cancel();
      pushes.push({ status: response.status, ms: performance.now() - sent });
      memory = residentMemoryMb(ingest.pid!);
      await sleep(250);
    }
    const polledAfterMs = performance.now() - started;
    const unpolled = feedUrls.filter((url) => !region.requests.has(url));
    const firstAt = [...region.requests.values()].map((times) => times[0]!);
    const latencies = pushes.map((push) => push.ms).sort((a, b) => a - b);
    console.info(
      `region: ready after ${readyAfterMs.toFixed(0)} ms; ${feedUrls.length - unpolled.length} of ${feedUrls.length} feeds polled after ${(polledAfterMs / 1000).toFixed(1)} s; ` +
        `most connections open at once per host ${JSON.stringify(Object.fromEntries(region.mostOpen))}; ` +
        `ingest RSS peak ${memory.peak.toFixed(0)} MB (now ${memory.now.toFixed(0)} MB); ` +
        `${pushes.length} pushes, statuses ${[...new Set(pushes.map((push) => push.status))].join(",")}, ` +
        `p50 ${latencies[Math.floor(latencies.length / 2)]?.toFixed(0)} ms, max ${latencies.at(-1)?.toFixed(0)} ms`,
    );
    expect(unpolled).toEqual([]);
    // Never more often than the interval: a feed polled early in the first interval may be polled again, not sooner.
    for (const url of feedUrls) {
      const [first, second] = region.requests.get(url)!;
      if (second !== undefined) expect(second - first!, url).toBeGreaterThanOrEqual(intervalSeconds * 1000 - 1000);
    }
    for (const host of region.bases) expect(region.mostOpen.get(host), host).toBeLessThanOrEqual(2);
    expect(memory.peak).toBeLessThanOrEqual(512);
    expect(new Set(pushes.map((push) => push.status))).toEqual(new Set([202]));
    // Spread, not all at once: the first tenth of the interval saw about a tenth of the first polls, not most of them.
    const inFirstTenth = firstAt.filter((at) => at < intervalSeconds * 100).length;
    expect(inFirstTenth).toBeLessThan(feedUrls.length * 0.25);
  }, 180_000);

  it("polls a feed that answers Cache-Control: max-age=7200 next after two hours, and says why", async () => {
    const response = await fetch(`${base}/v1/upstreams`, { headers: { authorization: "Bearer demo-key" } });
    expect(response.status).toBe(200);
    const { upstreams } = (await response.json()) as {
      upstreams: {
        url: string;
        lastPollAt?: string;
        nextPollAt?: string;
        nextPollReason?: string;
        nextPollDetail?: string;
      }[];
    };
    expect(upstreams).toHaveLength(feedUrls.length);
    const maxAge = upstreams.find((upstream) => upstream.url === maxAgeUrl)!;
    expect(maxAge).toMatchObject({ nextPollReason: "max-age", nextPollDetail: "Cache-Control: max-age=7200" });
    const waitMs = Date.parse(maxAge.nextPollAt!) - Date.parse(maxAge.lastPollAt!);
    expect(waitMs).toBeGreaterThanOrEqual(7_199_000);
    expect(waitMs).toBeLessThanOrEqual(7_201_000);
    const others = upstreams.filter((upstream) => upstream.url !== maxAgeUrl);
    expect(new Set(others.map((upstream) => upstream.nextPollReason))).toEqual(new Set(["interval"]));
    expect(region.requests.get(maxAgeUrl)).toHaveLength(1);
  });

  it("names itself to upstreams (Gazette, its version, the operator's contact) and shows its queue in /metrics", async () => {
    expect([...region.userAgents]).toEqual(["Gazette/0.1.0 (pull adapter; +https://gazette.example/contact)"]);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const gauge of [
      "gazette_ingest_upstream_polls_in_flight",
      "gazette_ingest_upstream_polls_queued",
      "gazette_ingest_upstream_hosts_backed_off",
    ])
      expect(metrics).toMatch(new RegExp(`^${gauge} \\d+$`, "m"));
    expect(metrics).toMatch(/^# TYPE gazette_ingest_upstream_host_polls_in_flight gauge$/m);
    expect(metrics).toMatch(/^gazette_ingest_upstream_polls_total\{upstream="[^"]+",outcome="fetched"\} 1$/m);
  });
});
