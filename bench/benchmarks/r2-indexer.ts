import { createReadStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { createOpenSearchClient, releaseEventSubject } from "@gazette/shared";
import { ensureReleaseIndex, releaseToDocument } from "@gazette/indexer";
import { spawnService, stopChild } from "../../tools/dev-stack/services.ts";
import { corpusEvent } from "../corpus.ts";
import type { BenchContext } from "../context.ts";
import { alternate, type BenchRow } from "../measure.ts";
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

/** R2: the indexer draining a pre-filled stream into OpenSearch, against `helpers.bulk` loading the same documents. */
export async function r2Indexer(ctx: BenchContext): Promise<BenchRow> {
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
          return total / seconds;
        } finally {
          await stopChild(indexer);
          await jsm.consumers.delete(names.stream, durable).catch(() => undefined);
          await client.indices.delete({ index: `${alias}-v*` }).catch(() => undefined);
        }
      },
      async () => {
        const alias = `bench-r2-b${round++}`;
        await ensureReleaseIndex(client, alias);
        const started = performance.now();
        const stats = await client.helpers.bulk({
          datasource: documentsOf(ndjson),
          onDocument: (document: { id: string }) =>
            ({ index: { _index: alias, _id: document.id, version: 1, version_type: "external" } }) as never,
        });
        const seconds = (performance.now() - started) / 1000;
        if (stats.successful !== total)
          throw new Error(`R2 reference: ${stats.successful} of ${total} documents loaded`);
        await client.indices.delete({ index: `${alias}-v*` }).catch(() => undefined);
        return total / seconds;
      },
      true,
      0,
      { label: "R2", log: ctx.log },
    );
    return {
      id: "R2",
      what: `indexer draining ${total.toLocaleString("en")} releases`,
      unit: "docs/s",
      goal: "≥ 0.9",
      ...measured,
      met: measured.ratio.median >= 0.9,
      details: { indexerRssMbUnderLoad: indexerRssMb },
    };
  } finally {
    await jsm.streams.delete(names.stream).catch(() => undefined);
    await rm(ndjson, { force: true });
    await nats.close();
    await client.close();
  }
}
