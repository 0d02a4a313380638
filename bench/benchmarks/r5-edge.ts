import { setTimeout as sleep } from "node:timers/promises";
import { Agent, fetch as undiciFetch, type Dispatcher } from "undici";
import { startProgress } from "../../tools/progress/progress.ts";
import { corpusRelease } from "../corpus.ts";
import type { BenchContext } from "../context.ts";
import { figure, percentile, type BenchRow } from "../measure.ts";
import { refreshPhaseMs } from "./r5-freshness.ts";
import { withBenchEdge } from "./bench-edge.ts";

const feedPath = "/feeds/rss.xml";
/** How often each reader asks, in ms: an aggregator storm keeps the edge's copy warm at all times. */
const pollEveryMs = 10;
/** A release not in the feed after this long fails the row (something is broken, not slow). */
const giveUpAfterMs = 60_000;

/**
 * Polls a feed as an aggregator does (If-None-Match with the last ETag) until it holds `title`: the
 * time since `started`, in ms.
 */
async function visibleInFeed(url: string, title: string, started: number, dispatcher?: Dispatcher): Promise<number> {
  let etag: string | undefined;
  while (performance.now() - started < giveUpAfterMs) {
    const response = await undiciFetch(url, {
      headers: { "accept-encoding": "identity", ...(etag === undefined ? {} : { "if-none-match": etag }) },
      ...(dispatcher === undefined ? {} : { dispatcher }),
    });
    if (response.status === 200) {
      etag = response.headers.get("etag") ?? undefined;
      if ((await response.text()).includes(title)) return performance.now() - started;
    } else {
      await response.arrayBuffer();
      if (response.status !== 304) throw new Error(`R5edge: ${url} answered ${response.status}`);
    }
    await sleep(pollEveryMs);
  }
  throw new Error(`R5edge: ${title} not in ${url} after ${giveUpAfterMs / 1000} s`);
}

/**
 * R5edge (issue 32): ingest ack → the release in the feed, read through the TLS edge (tools/cluster/
 * edge.ts: the one-second micro-cache of ADR 0025) against read from feeds directly, both polling at
 * once after the same POST (so both see the same refresh and the same indexing); goal p50 ≤ 1.1×.
 */
export async function r5Edge(ctx: BenchContext): Promise<BenchRow> {
  const samples = ctx.quick ? 4 : 60;
  return withBenchEdge(ctx, async (edge, { ca }) => {
    const dispatcher = new Agent({ connect: { ca } });
    try {
      return await measure(ctx, samples, edge.feedsUrl, dispatcher);
    } finally {
      await dispatcher.close();
    }
  });
}

async function measure(ctx: BenchContext, samples: number, edgeUrl: string, dispatcher: Dispatcher): Promise<BenchRow> {
  const a: number[] = [];
  const b: number[] = [];
  const run = Date.now();
  const progress = startProgress({
    label: "[bench] R5edge samples",
    unit: "samples",
    total: samples,
    intervalMs: 10_000,
  });
  try {
    for (let i = 0; i < samples; i++) {
      await sleep(refreshPhaseMs(i));
      const release = {
        ...corpusRelease(i, 506, `r5edge-${run}`),
        title: `fresh-edge-${run}-${i}`,
        // Now: the newest release, at the top of the feed.
        publishedAt: new Date().toISOString(),
      };
      const posted = await fetch(`${ctx.stack.urls.ingest}/v1/releases`, {
        method: "POST",
        headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
        body: JSON.stringify(release),
      });
      const ackedAt = performance.now();
      if (posted.status !== 202) throw new Error(`R5edge: ingest answered ${posted.status}`);
      const [throughEdge, direct] = await Promise.all([
        visibleInFeed(`${edgeUrl}${feedPath}`, release.title, ackedAt, dispatcher),
        visibleInFeed(`${ctx.stack.urls.feeds}${feedPath}`, release.title, ackedAt),
      ]);
      a.push(throughEdge);
      b.push(direct);
      progress.update(i + 1);
    }
  } finally {
    progress.finish();
  }
  const p50 = { a: percentile(a, 50), b: percentile(b, 50) };
  const p99 = { a: percentile(a, 99), b: percentile(b, 99) };
  return {
    id: "R5edge",
    what: "freshness through the edge: ack → in the feed (ms, p50)",
    unit: "ms",
    goal: "p50 ≤ 1.1× of direct",
    a: figure(a),
    b: figure(b),
    ratio: { ...figure(a.map((value, i) => value / b[i]!)), median: p50.a / p50.b },
    met: p50.a / p50.b <= 1.1,
    details: { samples, p50Ms: p50, p99Ms: p99, pollEveryMs },
  };
}
