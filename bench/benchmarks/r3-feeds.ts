import { writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchContext } from "../context.ts";
import { alternate, figure, lastBytesPerResponse, requestsPerSecond, type BenchRow } from "../measure.ts";
import { processUsage } from "../stack.ts";

const feedPath = "/feeds/rss.xml";

/** R3 (200) and R3b (304): a warm feed from the feeds service, against a trivial server sending the same bytes and headers. */
export async function r3Feeds(ctx: BenchContext): Promise<BenchRow[]> {
  // Identity, as the load generator asks (fetch would ask for br and get the brotli representation's
  // ETag); twice, so the second is answered as every later one is (the fast lane, once cached).
  const identity = { headers: { "accept-encoding": "identity" } };
  await fetch(`${ctx.stack.urls.feeds}${feedPath}`, identity).then((first) => first.arrayBuffer());
  const response = await fetch(`${ctx.stack.urls.feeds}${feedPath}`, identity);
  const body = await response.text();
  if (response.status !== 200 || !body.includes("<item>"))
    throw new Error(`R3: the feed is not warm (status ${response.status})`);
  const headers = Object.fromEntries(
    [...response.headers].filter(
      ([name]) =>
        !["date", "connection", "keep-alive", "transfer-encoding", "content-length", "x-request-id"].includes(name),
    ),
  );
  const etag = response.headers.get("etag")!;
  const captured = join(tmpdir(), `gazette-bench-feed-${process.pid}.json`);
  const requestId = response.headers.has("x-request-id");
  await writeFile(captured, JSON.stringify({ headers, body, requestId }));
  const reference = await ctx.reference("static-server.ts", [captured]);
  const feedsPid = ctx.stack.pids.feeds;
  try {
    const cpuBefore = processUsage(feedsPid).cpuMs;
    let requests = 0;
    const responseBytes = { a: 0, b: 0 };
    const hit = await alternate(
      ctx.rounds,
      async () => {
        const rate = await requestsPerSecond({
          url: `${ctx.stack.urls.feeds}${feedPath}`,
          connections: ctx.connections,
          seconds: ctx.seconds,
          expectStatus: 200,
        });
        requests += rate * ctx.seconds;
        responseBytes.a = lastBytesPerResponse;
        return rate;
      },
      async () => {
        const rate = await requestsPerSecond({
          url: `${reference.url}${feedPath}`,
          connections: ctx.connections,
          seconds: ctx.seconds,
          expectStatus: 200,
        });
        responseBytes.b = lastBytesPerResponse;
        return rate;
      },
      true,
      ctx.quick ? 0 : 1,
      { label: "R3", log: ctx.log },
    );
    const feedsCpuPer1000 = ((processUsage(feedsPid).cpuMs - cpuBefore) / requests) * 1000;
    const feedsRssMb = Math.round(processUsage(feedsPid).rssBytes / 1048576);
    const conditional = { "if-none-match": etag };
    const notModified = await alternate(
      ctx.rounds,
      () =>
        requestsPerSecond({
          url: `${ctx.stack.urls.feeds}${feedPath}`,
          headers: conditional,
          connections: ctx.connections,
          seconds: ctx.seconds,
          expectStatus: 304,
        }),
      () =>
        requestsPerSecond({
          url: `${reference.url}${feedPath}`,
          headers: conditional,
          connections: ctx.connections,
          seconds: ctx.seconds,
          expectStatus: 304,
        }),
      true,
      ctx.quick ? 0 : 1,
      { label: "R3b", log: ctx.log },
    );
    // Diagnostic: the same 304 from a bare Express 5 app, i.e. what the framework alone allows.
    const expressFloor = await ctx.reference("static-server.ts", [captured, "express"]);
    const floor: number[] = [];
    try {
      for (let round = 0; round < ctx.rounds; round++)
        floor.push(
          await requestsPerSecond({
            url: `${expressFloor.url}${feedPath}`,
            headers: conditional,
            connections: ctx.connections,
            seconds: ctx.seconds,
            expectStatus: 304,
          }),
        );
    } finally {
      await expressFloor.stop();
    }
    const expressFloor304 = figure(floor);
    const wrkRows = await sameWithWrk(ctx, `${ctx.stack.urls.feeds}${feedPath}`, `${reference.url}${feedPath}`, etag);
    return [
      {
        id: "R3",
        what: "warm feed GET (200)",
        unit: "req/s",
        goal: "≥ 0.85",
        ...hit,
        met: hit.ratio.median >= 0.85,
        details: {
          feedBytes: Buffer.byteLength(body),
          responseBytes,
          feedsCpuMsPer1000Requests: Math.round(feedsCpuPer1000),
          feedsRssMbUnderLoad: feedsRssMb,
        },
      },
      {
        id: "R3b",
        what: "feed GET with If-None-Match (304)",
        unit: "req/s",
        goal: "≥ 0.8",
        ...notModified,
        met: notModified.ratio.median >= 0.8,
        details: {
          bareExpress304PerSecond: expressFloor304,
          oursVsBareExpress: notModified.a.median / expressFloor304.median,
        },
      },
      ...wrkRows,
    ];
  } finally {
    await reference.stop();
    await rm(captured, { force: true });
  }
}

/** R3 and R3b again with wrk as the load generator (bench/wrk.ts), against the same reference. */
async function sameWithWrk(
  ctx: BenchContext,
  feedsUrl: string,
  referenceUrl: string,
  etag: string,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [id, what, expectStatus, headers, goal] of [
    ["R3 (wrk)", "warm feed GET (200), wrk", 200, {}, 0.85],
    ["R3b (wrk)", "feed GET with If-None-Match (304), wrk", 304, { "if-none-match": etag }, 0.8],
  ] as const) {
    const load = (url: string) => () =>
      requestsPerSecond({
        url,
        headers,
        connections: ctx.connections,
        seconds: ctx.seconds,
        expectStatus,
        generator: "wrk",
      });
    const measured = await alternate(ctx.rounds, load(feedsUrl), load(referenceUrl), true, ctx.quick ? 0 : 1, {
      label: id,
      log: ctx.log,
    });
    rows.push({ id, what, unit: "req/s", goal: `≥ ${goal}`, ...measured, met: measured.ratio.median >= goal });
  }
  return rows;
}
