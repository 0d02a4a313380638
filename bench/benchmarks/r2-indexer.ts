import { createReadStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { createOpenSearchClient, releaseEventSubject, type OpenSearchClient } from "@gazette/shared";
import { ensureReleaseIndex, releaseToDocument } from "@gazette/indexer";
import { spawnService, stopChild } from "../../tools/dev-stack/services.ts";
import { corpusEvent } from "../corpus.ts";
import type { BenchContext } from "../context.ts";
import { alternate, figure, type BenchRow } from "../measure.ts";
import { processUsage } from "../stack.ts";
import { waitConsumerDrained } from "../consumer.ts";

const names = { stream: "BENCH_R2", subjectPrefix: "bench.r2" };

const eventFor = (index: number) =>
  corpusEvent(index, { seed: 2002, externalIdPrefix: "r2", start: new Date(Date.UTC(2024, 0, 1)), stepMs: 1000 });

/** The NDJSON file's documents, parsed (the indexer parses each event too). */
async function* documentsOf(file: string): AsyncGenerator<{ id: string }> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line !== "") yield JSON.parse(line) as { id: string };
  }
}

/**
 * An index of the release layout whose analyzers are all OpenSearch's `standard` (its mappings, sort and
 * refresh as ours): what R2plain's reference loads into. Made from the template ours puts.
 */
async function createPlainIndex(client: OpenSearchClient, alias: string): Promise<string> {
  await ensureReleaseIndex(client, alias);
  await client.indices.delete({ index: `${alias}-v*` });
  const response = await client.indices.getIndexTemplate({ name: `${alias}-template` });
  const template = (
    response.body as unknown as {
      index_templates: { index_template: { template: { settings: { index: IndexSettings }; mappings: object } } }[];
    }
  ).index_templates[0]!.index_template.template;
  const { analysis, ...settings } = template.settings.index;
  const plain = Object.fromEntries(Object.keys(analysis.analyzer).map((name) => [name, { type: "standard" }]));
  const index = `${alias}-plain`;
  await client.indices.create({
    index,
    body: { settings: { index: { ...settings, analysis: { analyzer: plain } } }, mappings: template.mappings } as never,
  });
  await client.indices.deleteIndexTemplate({ name: `${alias}-template` });
  return index;
}

interface IndexSettings {
  analysis: { analyzer: Record<string, object> };
  [setting: string]: unknown;
}

/**
 * R2: the indexer draining a pre-filled stream into OpenSearch, against `helpers.bulk` loading the same
 * documents; and R2plain (issue 32's goal), the same rounds of the indexer against `helpers.bulk` of the
 * documents into the layout with OpenSearch's standard analyzer everywhere: what being language-aware
 * (and grouping stories) costs.
 */
export async function r2Indexer(ctx: BenchContext): Promise<BenchRow[]> {
  // 20,000: minutes per run at today's rates, and far past the start-up and the first refreshes.
  const total = ctx.quick ? 2000 : 20_000;
  const nats = await connect({ servers: ctx.stack.env["NATS_URL"]! });
  const jsm = await jetstreamManager(nats);
  const client = createOpenSearchClient(ctx.stack.env["OPENSEARCH_URL"]!);
  const ndjson = join(tmpdir(), `gazette-bench-r2-${process.pid}.ndjson`);
  let indexerRssMb = 0;
  try {
    await jsm.streams.delete(names.stream).catch(() => undefined);
    await jsm.streams.add({ name: names.stream, subjects: [`${names.subjectPrefix}.>`] });
    ctx.log(`R2: filling the stream with ${total} releases`);
    const js = jetstream(nats);
    const file = await open(ndjson, "w");
    try {
      for (let start = 0; start < total; start += 500) {
        const events = Array.from({ length: Math.min(500, total - start) }, (_, i) => eventFor(start + i));
        await Promise.all(
          events.map((event) => js.publish(releaseEventSubject(names, event.type, "demo"), JSON.stringify(event))),
        );
        await file.write(events.map((event) => `${JSON.stringify(releaseToDocument(event))}\n`).join(""));
      }
    } finally {
      await file.close();
    }

    let round = 0;
    const indexerRates: number[] = [];
    const plainRates: number[] = [];
    /** `helpers.bulk` of the documents into an index; its rate in documents a second. */
    const bulkLoad = async (index: string) => {
      const started = performance.now();
      const stats = await client.helpers.bulk({
        datasource: documentsOf(ndjson),
        onDocument: (document: { id: string }) =>
          ({ index: { _index: index, _id: document.id, version: 1, version_type: "external" } }) as never,
      });
      const seconds = (performance.now() - started) / 1000;
      if (stats.successful !== total) throw new Error(`R2 reference: ${stats.successful} of ${total} documents loaded`);
      return total / seconds;
    };
    const measured = await alternate(
      ctx.rounds,
      async () => {
        const durable = `bench-r2-${Date.now()}`;
        const alias = `bench-r2-a${round}`;
        const started = performance.now();
        const indexer = spawnService(
          "indexer",
          {
            ...ctx.stack.env,
            NATS_STREAM: names.stream,
            NATS_SUBJECT_PREFIX: names.subjectPrefix,
            INDEXER_DURABLE: durable,
            OPENSEARCH_INDEX: alias,
            INDEXER_PORT: "0",
          },
          "ignore",
          ctx.profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${ctx.profileDir}/r2-indexer`],
        );
        try {
          await waitConsumerDrained(jsm, names.stream, durable, total);
          // A write OpenSearch pushed back (429) is naked with a delay, and such a message counts neither
          // as pending nor as unacked: done when the index holds them all.
          for (let looks = 0; ; looks++) {
            await client.indices.refresh({ index: alias });
            const count = (await client.count({ index: alias })).body.count as number;
            if (count === total) break;
            if (looks >= 240) throw new Error(`R2: the index holds ${count} documents, not ${total}`);
            await sleep(250);
          }
          const seconds = (performance.now() - started) / 1000;
          indexerRssMb = Math.round(processUsage(indexer.pid!).rssBytes / 1048576);
          indexerRates.push(total / seconds);
          return total / seconds;
        } finally {
          await stopChild(indexer);
          await jsm.consumers.delete(names.stream, durable).catch(() => undefined);
          await client.indices.delete({ index: `${alias}-v*` }).catch(() => undefined);
        }
      },
      async () => {
        const alias = `bench-r2-b${round++}`;
        // R2plain's reference first, in the same round (its figure is reported in its own row).
        const plain = await createPlainIndex(client, `${alias}p`);
        try {
          plainRates.push(await bulkLoad(plain));
        } finally {
          await client.indices.delete({ index: plain }).catch(() => undefined);
        }
        await ensureReleaseIndex(client, alias);
        try {
          return await bulkLoad(alias);
        } finally {
          await client.indices.delete({ index: `${alias}-v*` }).catch(() => undefined);
        }
      },
      true,
      0,
      { label: "R2", log: ctx.log },
    );
    const plainRatio = figure(indexerRates.map((rate, i) => rate / plainRates[i]!));
    return [
      {
        id: "R2",
        what: `indexer draining ${total.toLocaleString("en")} releases`,
        unit: "docs/s",
        goal: "≥ 0.9",
        ...measured,
        met: measured.ratio.median >= 0.9,
        details: { indexerRssMbUnderLoad: indexerRssMb },
      },
      {
        id: "R2plain",
        what: `indexer draining ${total.toLocaleString("en")} releases vs bulk into a standard-analyzer index`,
        unit: "docs/s",
        goal: "≥ 0.8",
        a: figure(indexerRates),
        b: figure(plainRates),
        ratio: plainRatio,
        met: plainRatio.median >= 0.8,
        details: {
          note: "A is R2's A (the same rounds); B loads R2's documents into the layout with every analyzer `standard`",
        },
      },
    ];
  } finally {
    await jsm.streams.delete(names.stream).catch(() => undefined);
    await rm(ndjson, { force: true });
    await nats.close();
    await client.close();
  }
}
