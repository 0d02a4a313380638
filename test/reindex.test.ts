import { execFile } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { createLogger, createOpenSearchClient } from "@gazette/shared";
import { eventTrustOf, indexLayoutVersion, loadIndexerConfig, reindex } from "@gazette/indexer";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { eventually } from "./support/eventually.ts";

const run = promisify(execFile);

describe("npm run gazette -- reindex: a new index version and an atomic alias swap while search keeps answering", () => {
  let stack: TestStack;
  let ingestUrl = "";
  let feedsUrl = "";
  const release = (i: number) => ({ ...sampleRelease(`reindex-${i}`), title: `Zanzibar notice ${i}` });
  const post = (i: number) =>
    fetch(`${ingestUrl}/v1/releases`, {
      method: "POST",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify(release(i)),
    });
  const gazette = (...args: string[]) =>
    run("npm", ["run", "--silent", "gazette", "--", ...args], {
      cwd: join(import.meta.dirname, ".."),
      env: { ...process.env, ...stack.env },
    });
  const found = async () =>
    ((await (await fetch(`${feedsUrl}/v1/search?q=zanzibar&size=100`)).json()) as { total: number }).total;
  const aliasTargets = async () =>
    Object.keys(
      (await (await fetch(`${stack.env["OPENSEARCH_URL"]}/_alias/${stack.names.OPENSEARCH_INDEX}`)).json()) as object,
    );

  async function eventuallyFound(count: number): Promise<void> {
    await eventually(async () => expect(await found()).toBeGreaterThanOrEqual(count));
  }

  beforeAll(async () => {
    stack = await startTestStack("reindex");
    ingestUrl = stack.ingestUrl;
    feedsUrl = stack.feedsUrl;
    const response = await fetch(`${ingestUrl}/v1/releases:batch`, {
      method: "POST",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify({ releases: Array.from({ length: 40 }, (_, i) => release(i)) }),
    });
    expect(response.status).toBe(200);
    await eventuallyFound(40);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each([
    ["the record of truth", ["reindex"], 45],
    ["a replay of the stream, deleting the old index", ["reindex", "--from", "stream", "--delete-old"], 50],
  ] as const)(
    "rebuilds from %s: no query fails or misses a release meanwhile, and releases sent during it are kept",
    async (_source, args, expected) => {
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
      expect(report.to).toMatch(new RegExp(`^${stack.names.OPENSEARCH_INDEX}-v${indexLayoutVersion}-\\d+$`));
      expect(report.loaded).toBeGreaterThanOrEqual(expected - 5);
      expect(await aliasTargets()).toEqual([report.to]);
      // The load's own setting is gone from the index it leaves: it refreshes by itself again.
      const settings = (await (await fetch(`${stack.env["OPENSEARCH_URL"]}/${report.to}/_settings`)).json()) as Record<
        string,
        { settings: { index: { refresh_interval?: string } } }
      >;
      expect(settings[report.to]?.settings.index.refresh_interval).not.toBe("-1");
      expect(queries.length).toBeGreaterThan(5);
      expect(queries.filter((query) => !query.ok || query.total < expected - 5)).toEqual([]);
      const oldIndex = await fetch(`${stack.env["OPENSEARCH_URL"]}/${before[0]}`, { method: "HEAD" });
      expect(oldIndex.status).toBe((args as readonly string[]).includes("--delete-old") ? 404 : 200);

      // The indexer now writes into the new index.
      expect((await post(1000 + expected)).status).toBe(202);
      await eventuallyFound(expected + 1);
    },
  );

  it("replays into the new index the events that arrive while it is being loaded (they reach only the old index)", async () => {
    const nats = await connect({ servers: stack.env["NATS_URL"]! });
    const client = createOpenSearchClient(stack.env["OPENSEARCH_URL"]!);
    try {
      const before = await found();
      const report = await reindex({
        client,
        alias: stack.names.OPENSEARCH_INDEX,
        js: jetstream(nats),
        jsm: await jetstreamManager(nats),
        trust: eventTrustOf(loadIndexerConfig(stack.env)),
        // A load that brings nothing itself, during which three releases arrive and are indexed (into the old index).
        load: async function* () {
          for (let i = 0; i < 3; i++) expect((await post(2000 + i)).status).toBe(202);
          await eventuallyFound(before + 3);
          yield* [];
        },
        deleteOld: false,
        logger: createLogger("test", "warn"),
      });
      expect(report.loaded).toBe(0);
      expect(report.caughtUp).toBe(3);
      await client.indices.refresh({ index: report.to });
      const inNew = await client.search({
        index: report.to,
        body: { query: { match: { "text.ru.title": "zanzibar" } }, size: 10 } as never,
      });
      expect(
        (inNew.body.hits.hits as { _source: { externalId: string } }[]).map((hit) => hit._source.externalId).sort(),
      ).toEqual(["reindex-2000", "reindex-2001", "reindex-2002"]);
    } finally {
      await nats.close();
      await client.close();
    }
  });

  it("runs one reindex of an alias at a time: a second one, while the first loads, is refused and changes nothing", async () => {
    const nats = await connect({ servers: stack.env["NATS_URL"]! });
    const client = createOpenSearchClient(stack.env["OPENSEARCH_URL"]!);
    const options = {
      client,
      alias: stack.names.OPENSEARCH_INDEX,
      js: jetstream(nats),
      jsm: await jetstreamManager(nats),
      trust: eventTrustOf(loadIndexerConfig(stack.env)),
      deleteOld: false,
      logger: createLogger("test", "silent"),
    };
    try {
      const aliasedBefore = Object.keys((await client.indices.getAlias({ name: options.alias })).body as object);
      let loading = () => {};
      let letFirstFinish = () => {};
      const firstIsLoading = new Promise<void>((resolve) => {
        loading = resolve;
      });
      const first = reindex({
        ...options,
        load: async function* () {
          loading();
          await new Promise<void>((resolve) => {
            letFirstFinish = resolve;
          });
          yield* [];
        },
      });
      await firstIsLoading;
      await expect(reindex({ ...options, load: async function* () {} })).rejects.toThrow(/already running/);
      expect(Object.keys((await client.indices.getAlias({ name: options.alias })).body as object)).toEqual(
        aliasedBefore,
      );
      letFirstFinish();
      const report = await first;
      expect(Object.keys((await client.indices.getAlias({ name: options.alias })).body as object)).toEqual([report.to]);
      // Released: the next reindex may run.
      await expect(reindex({ ...options, load: async function* () {} })).resolves.toMatchObject({ loaded: 0 });
    } finally {
      await nats.close();
      await client.close();
    }
  });
});
