import { execFile } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { connect } from "nats";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger, createOpenSearchClient, type RunningService } from "@gazette/shared";
import { reindex } from "../services/indexer/src/reindex.ts";
import { loadFeedsConfig } from "../services/feeds/src/config.ts";
import { startFeeds } from "../services/feeds/src/service.ts";
import { loadIndexerConfig } from "../services/indexer/src/config.ts";
import { startIndexer } from "../services/indexer/src/service.ts";
import { loadIngestConfig } from "../services/ingest/src/config.ts";
import { startIngest } from "../services/ingest/src/service.ts";
import { uniqueNames } from "./support/names.ts";
import { sampleRelease } from "./support/sample-release.ts";

const run = promisify(execFile);

describe("npm run gazette -- reindex: a new index version and an atomic alias swap while search keeps answering", () => {
  const names = uniqueNames("reindex");
  const env = { ...names, NATS_URL: inject("natsUrl"), OPENSEARCH_URL: inject("opensearchUrl"), LOG_LEVEL: "warn", INGEST_PORT: "0", INDEXER_PORT: "0", FEEDS_PORT: "0", INDEXER_FLUSH_MS: "50" };
  const logger = createLogger("test", "warn");
  const services: RunningService[] = [];
  let ingestUrl = "";
  let feedsUrl = "";
  const release = (i: number) => ({ ...sampleRelease(`reindex-${i}`), title: `Zanzibar notice ${i}` });
  const post = (i: number) => fetch(`${ingestUrl}/v1/releases`, { method: "POST", headers: { authorization: "Bearer demo-key", "content-type": "application/json" }, body: JSON.stringify(release(i)) });
  const gazette = (...args: string[]) => run("npm", ["run", "--silent", "gazette", "--", ...args], { cwd: join(import.meta.dirname, ".."), env: { ...process.env, ...env } });
  const found = async () => ((await (await fetch(`${feedsUrl}/v1/search?q=zanzibar&size=100`)).json()) as { total: number }).total;
  const aliasTargets = async () => Object.keys((await (await fetch(`${env.OPENSEARCH_URL}/_alias/${names.OPENSEARCH_INDEX}`)).json()) as object);

  async function eventuallyFound(count: number): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await found()) >= count) return;
      await sleep(200);
    }
    throw new Error(`search found ${await found()}, not ${count}`);
  }

  beforeAll(async () => {
    services.push(await startIndexer(loadIndexerConfig(env), logger), await startIngest(loadIngestConfig(env), logger), await startFeeds(loadFeedsConfig(env), logger));
    ingestUrl = `http://127.0.0.1:${services[1]!.port}`;
    feedsUrl = `http://127.0.0.1:${services[2]!.port}`;
    const response = await fetch(`${ingestUrl}/v1/releases:batch`, { method: "POST", headers: { authorization: "Bearer demo-key", "content-type": "application/json" }, body: JSON.stringify({ releases: Array.from({ length: 40 }, (_, i) => release(i)) }) });
    expect(response.status).toBe(200);
    await eventuallyFound(40);
  });

  afterAll(async () => {
    for (const service of services.reverse()) await service.stop();
    const nats = await connect({ servers: env.NATS_URL });
    const jsm = await nats.jetstreamManager();
    await jsm.streams.delete(names.NATS_STREAM).catch(() => undefined);
    await jsm.streams.delete(`KV_${names.INGEST_RELEASES_BUCKET}`).catch(() => undefined);
    await nats.close();
    await fetch(`${env.OPENSEARCH_URL}/${names.OPENSEARCH_INDEX}-v*`, { method: "DELETE" });
  });

  it.each([
    ["the record of truth", ["reindex"], 45],
    ["a replay of the stream, deleting the old index", ["reindex", "--from", "stream", "--delete-old"], 50],
  ] as const)("rebuilds from %s: no query fails or misses a release meanwhile, and releases sent during it are kept", async (_source, args, expected) => {
    const before = await aliasTargets();
    const queries: { ok: boolean; total: number }[] = [];
    let searching = true;
    const loop = (async () => {
      while (searching) {
        const response = await fetch(`${feedsUrl}/v1/search?q=zanzibar&size=100`);
        const body = (await response.json()) as { total?: number };
        queries.push({ ok: response.status === 200, total: body.total ?? -1 });
        await sleep(20);
      }
    })();
    const reindexing = gazette(...args);
    for (let i = expected - 5; i < expected; i++) {
      expect((await post(i)).status).toBe(202);
      await sleep(100);
    }
    let stdout = "";
    try {
      stdout = (await reindexing).stdout;
      await eventuallyFound(expected);
    } finally {
      searching = false;
      await loop;
    }

    const report = JSON.parse(stdout) as { from: string[]; to: string; loaded: number };
    expect(report.from).toEqual(before);
    expect(report.to).toMatch(new RegExp(`^${names.OPENSEARCH_INDEX}-v2-\\d+$`));
    expect(report.loaded).toBeGreaterThanOrEqual(expected - 5);
    expect(await aliasTargets()).toEqual([report.to]);
    expect(queries.length).toBeGreaterThan(5);
    expect(queries.filter((query) => !query.ok || query.total < expected - 5)).toEqual([]);
    const oldIndex = await fetch(`${env.OPENSEARCH_URL}/${before[0]}`, { method: "HEAD" });
    expect(oldIndex.status).toBe((args as readonly string[]).includes("--delete-old") ? 404 : 200);

    // The indexer now writes into the new index.
    expect((await post(1000 + expected)).status).toBe(202);
    await eventuallyFound(expected + 1);
  });

  it("replays into the new index the events that arrive while it is being loaded (they reach only the old index)", async () => {
    const nats = await connect({ servers: env.NATS_URL });
    const client = createOpenSearchClient(env.OPENSEARCH_URL);
    try {
      const before = await found();
      const report = await reindex({
        client,
        alias: names.OPENSEARCH_INDEX,
        js: nats.jetstream(),
        jsm: await nats.jetstreamManager(),
        stream: names.NATS_STREAM,
        // A load that brings nothing itself, during which three releases arrive and are indexed (into the old index).
        load: async function* () {
          for (let i = 0; i < 3; i++) expect((await post(2000 + i)).status).toBe(202);
          await eventuallyFound(before + 3);
          yield* [];
        },
        deleteOld: false,
        logger,
      });
      expect(report.loaded).toBe(0);
      expect(report.caughtUp).toBe(3);
      await client.indices.refresh({ index: report.to });
      const inNew = await client.search({ index: report.to, body: { query: { match: { "text.ru.title": "zanzibar" } }, size: 10 } as never });
      expect((inNew.body.hits.hits as { _source: { externalId: string } }[]).map((hit) => hit._source.externalId).sort()).toEqual(["reindex-2000", "reindex-2001", "reindex-2002"]);
    } finally {
      await nats.close();
      await client.close();
    }
  });
});
