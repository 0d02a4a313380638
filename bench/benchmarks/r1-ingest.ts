import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { corpusRelease } from "../corpus.ts";
import type { BenchContext } from "../context.ts";
import { alternate, figure, requestsPerSecond, type BenchRow } from "../measure.ts";
import { processUsage } from "../stack.ts";

/**
 * R1: POST of a ~4 KB release to ingest, acked by JetStream, against a bare node:http → js.publish
 * server (B); and against B2, which does the design's inherent work and nothing else (validation, a KV
 * compare-and-set, an event publish: bench/reference/inherent-server.ts).
 */
export async function r1Ingest(ctx: BenchContext): Promise<BenchRow[]> {
  let counter = 0;
  const run = Date.now();
  const release = corpusRelease(4);
  // A new release for every request: the load generator puts a fresh id in place of `[<id>]`.
  const template = JSON.stringify({ ...release, externalId: `r1-${run}-[<id>]` });
  const body = () => template.replace("[<id>]", String(counter++));
  const headers = { authorization: "Bearer demo-key", "content-type": "application/json" };
  // Nothing consumes the reference's events, so nothing consumes ours while we measure: the indexer
  // (and OpenSearch behind it) would otherwise take CPU from ingest only. It catches up afterwards.
  await ctx.stack.stopService("indexer");
  const reference = await ctx.reference("publish-server.ts", [
    ctx.stack.env["NATS_URL"]!,
    "BENCH_REFERENCE",
    "bench.reference",
  ]);
  const ingestPid = ctx.stack.pids.ingest;
  const cpuBefore = processUsage(ingestPid).cpuMs;
  const referenceCpuBefore = processUsage(reference.pid).cpuMs;
  let ingestRequests = 0;
  let referenceRequests = 0;
  try {
    const measured = await alternate(
      ctx.rounds,
      async () => {
        const rate = await requestsPerSecond({
          url: `${ctx.stack.urls.ingest}/v1/releases`,
          method: "POST",
          headers,
          body: template,
          connections: ctx.connections,
          seconds: ctx.seconds,
          expectStatus: 202,
        });
        ingestRequests += rate * ctx.seconds;
        return rate;
      },
      async () => {
        const rate = await requestsPerSecond({
          url: `${reference.url}/`,
          method: "POST",
          headers,
          body: template,
          connections: ctx.connections,
          seconds: ctx.seconds,
          expectStatus: 202,
        });
        referenceRequests += rate * ctx.seconds;
        return rate;
      },
      true,
      ctx.quick ? 0 : 1,
      { label: "R1", log: ctx.log },
    );
    const cpuPer1000 = ((processUsage(ingestPid).cpuMs - cpuBefore) / ingestRequests) * 1000;
    const inherent = await againstInherentWork(ctx, template, headers);
    const referenceCpuPer1000 = ((processUsage(reference.pid).cpuMs - referenceCpuBefore) / referenceRequests) * 1000;
    const row: BenchRow = {
      id: "R1",
      what: "ingest POST, acked by JetStream",
      unit: "req/s",
      goal: "≥ 0.8",
      ...measured,
      met: measured.ratio.median >= 0.8,
      details: {
        bodyBytes: Buffer.byteLength(body()),
        ingestCpuMsPer1000Requests: Math.round(cpuPer1000),
        referenceCpuMsPer1000Requests: Math.round(referenceCpuPer1000),
        ingestRssMbUnderLoad: Math.round(processUsage(ingestPid).rssBytes / 1048576),
        ...(await rawPublishDiagnostics(ctx, body)),
      },
    };
    return [row, inherent];
  } finally {
    await reference.stop();
    await ctx.stack.start("indexer");
  }
}

/** R1 (B2): ingest against a server doing only the design's inherent work, alternately. */
async function againstInherentWork(
  ctx: BenchContext,
  template: string,
  headers: Record<string, string>,
): Promise<BenchRow> {
  const names = { stream: "BENCH_B2", prefix: "bench.b2", bucket: "BENCH_B2_RECORDS" };
  const reference = await ctx.reference("inherent-server.ts", [
    ctx.stack.env["NATS_URL"]!,
    names.stream,
    names.prefix,
    names.bucket,
  ]);
  const post = (url: string) => () =>
    requestsPerSecond({
      url,
      method: "POST",
      headers,
      body: template,
      connections: ctx.connections,
      seconds: ctx.seconds,
      expectStatus: 202,
    });
  try {
    const measured = await alternate(
      ctx.rounds,
      post(`${ctx.stack.urls.ingest}/v1/releases`),
      post(`${reference.url}/`),
      true,
      ctx.quick ? 0 : 1,
      { label: "R1 (B2)", log: ctx.log },
    );
    return {
      id: "R1 (B2)",
      what: "ingest POST vs validate + KV compare-and-set + publish, bare node:http",
      unit: "req/s",
      goal: "≥ 0.8",
      ...measured,
      met: measured.ratio.median >= 0.8,
    };
  } finally {
    await reference.stop();
    const nats = await connect({ servers: ctx.stack.env["NATS_URL"]! });
    const jsm = await jetstreamManager(nats);
    for (const stream of [names.stream, `KV_${names.bucket}`]) await jsm.streams.delete(stream).catch(() => undefined);
    await nats.close();
  }
}

/** Diagnostics: a raw publish loop with no HTTP (same concurrency), with and without Nats-Msg-Id. */
async function rawPublishDiagnostics(ctx: BenchContext, body: () => string): Promise<Record<string, unknown>> {
  const nats = await connect({ servers: ctx.stack.env["NATS_URL"]! });
  const jsm = await jetstreamManager(nats);
  await jsm.streams
    .add({ name: "BENCH_RAW", subjects: ["bench.raw.>"], duplicate_window: 120_000_000_000 })
    .catch(() => undefined);
  const js = jetstream(nats);
  const payload = new TextEncoder().encode(body());
  const loop = async (withId: boolean) => {
    let sent = 0;
    const deadline = Date.now() + ctx.seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: ctx.connections }, async (_, worker) => {
        while (Date.now() < deadline) {
          const n = sent++;
          await js.publish(
            "bench.raw.published.demo",
            payload,
            withId ? { msgID: `raw-${worker}-${n}-${started}` } : {},
          );
        }
      }),
    );
    return sent / ((performance.now() - started) / 1000);
  };
  try {
    const withIds: number[] = [];
    const withoutIds: number[] = [];
    for (let round = 0; round < ctx.rounds; round++) {
      withIds.push(await loop(true));
      withoutIds.push(await loop(false));
    }
    return { rawPublishPerSecondWithMsgId: figure(withIds), rawPublishPerSecondWithoutMsgId: figure(withoutIds) };
  } finally {
    await jsm.streams.delete("BENCH_RAW").catch(() => undefined);
    await nats.close();
  }
}
