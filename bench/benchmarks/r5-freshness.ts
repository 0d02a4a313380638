import { setTimeout as sleep } from "node:timers/promises";
import { createOpenSearchClient, type OpenSearchClient } from "@gazette/shared";
import { ensureReleaseIndex, releaseToDocument } from "@gazette/indexer";
import { corpusRelease } from "../corpus.ts";
import { startProgress } from "../../tools/progress/progress.ts";
import type { BenchContext } from "../context.ts";
import { figure, percentile, type BenchRow } from "../measure.ts";

async function visibleAfter(client: OpenSearchClient, index: string, token: string, started: number): Promise<number> {
  for (;;) {
    const response = await client.search({
      index,
      body: { size: 0, query: { match: { "title.raw": token } } } as never,
    });
    if (((response.body.hits.total as { value: number }).value ?? 0) > 0) return performance.now() - started;
    await sleep(10);
  }
}

/**
 * Where in the 1 s refresh cycle sample `i` starts, in ms: spread evenly over the cycle (golden-ratio
 * steps), as writes arrive in real life. Without it the loop (one A and one B sample) locks onto the
 * refresh cycle, and A and B each get a fixed share of it: runs gave 430/567 ms and 777/223 ms, always
 * summing to about one cycle.
 */
export function refreshPhaseMs(i: number): number {
  return Math.floor(((i * 0.6180339887) % 1) * 1000);
}

/** R5: ingest ack → searchable, against a single-document _bulk → searchable, both with refresh_interval 1 s. */
export async function r5Freshness(ctx: BenchContext): Promise<BenchRow> {
  // Each sample lands at a uniform phase of the 1 s refresh cycle, so a p50 over n samples has a
  // standard error of about 500 ms / sqrt(n): 120 samples bring it near 45 ms (40 gave ~80 ms).
  const samples = ctx.quick ? 5 : 120;
  const client = createOpenSearchClient(ctx.stack.env["OPENSEARCH_URL"]!);
  const alias = ctx.stack.env["OPENSEARCH_INDEX"]!;
  const referenceAlias = `${alias}-freshness-ref`;
  await ensureReleaseIndex(client, referenceAlias);
  await client.indices.putSettings({
    index: `${alias},${referenceAlias}`,
    body: { index: { refresh_interval: "1s" } } as never,
  });
  const a: number[] = [];
  const b: number[] = [];
  const run = Date.now();
  const progress = startProgress({
    label: "[bench] R5 samples (A then B each)",
    unit: "samples",
    total: samples,
    intervalMs: 10_000,
  });
  try {
    for (let i = 0; i < samples; i++) {
      await sleep(refreshPhaseMs(2 * i));
      const release = { ...corpusRelease(i, 505, `r5-${run}`), title: `fresh-a-${run}-${i}` };
      const posted = await fetch(`${ctx.stack.urls.ingest}/v1/releases`, {
        method: "POST",
        headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
        body: JSON.stringify(release),
      });
      const ackedAt = performance.now();
      if (posted.status !== 202) throw new Error(`R5: ingest answered ${posted.status}`);
      a.push(await visibleAfter(client, alias, release.title, ackedAt));

      const title = `fresh-b-${run}-${i}`;
      const document = releaseToDocument({
        type: "release.published",
        releaseId: `ref-${run}-${i}`,
        version: 1,
        occurredAt: new Date().toISOString(),
        release: {
          ...corpusRelease(i, 505, "r5ref"),
          title,
          tags: [],
          images: [],
          id: `ref-${run}-${i}`,
          publisher: "demo",
          publishedAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
          version: 1,
        },
      });
      await sleep(refreshPhaseMs(2 * i + 1));
      const started = performance.now();
      await client.bulk({
        body: [
          { index: { _index: referenceAlias, _id: document.id, version: 1, version_type: "external" } },
          document,
        ] as never,
      });
      b.push(await visibleAfter(client, referenceAlias, title, started));
      progress.update(i + 1);
    }
    progress.finish();
  } finally {
    await client.indices.delete({ index: `${referenceAlias}-v*` }).catch(() => undefined);
    await client.close();
  }
  const p50 = { a: percentile(a, 50), b: percentile(b, 50) };
  const p99 = { a: percentile(a, 99), b: percentile(b, 99) };
  const ratios = a.map((value, i) => value / b[i]!);
  return {
    id: "R5",
    what: "freshness: ack → searchable (ms, p50)",
    unit: "ms",
    goal: "p50 ≤ 1.1×, p99 ≤ B + 1 s",
    a: figure(a),
    b: figure(b),
    ratio: { ...figure(ratios), median: p50.a / p50.b },
    met: p50.a / p50.b <= 1.1 && p99.a <= p99.b + 1000,
    details: { samples, p50Ms: p50, p99Ms: p99 },
  };
}
