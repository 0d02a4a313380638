/**
 * R6: what a feed and a search cost as the archive grows. The bench's index is made anew (the indexer
 * stopped), then filled, straight with
 * OpenSearch bulk loading (the documents the indexer would write, dated back from 2015 so they form
 * the archive behind the newest releases), up to each size in turn; at each size, through feeds:
 * - feed builds: archive pages of /feeds/feed.json walked back (`next_url`, RFC 5005 `before`), each a
 *   URL not asked before, so each is built (OpenSearch query and rendering), one at a time;
 * - searches: /v1/search with a word of the corpus and a `from` filter not asked before (no cache), one
 *   at a time.
 * Latencies as the client sees them, p50 and p99. No reference: the curve is the figure.
 */
import { createOpenSearchClient } from "@gazette/shared";
import { ensureReleaseIndex, releaseToDocument } from "@gazette/indexer";
import { corpusEvent } from "../corpus.ts";
import type { BenchContext } from "../context.ts";
import { percentile } from "../measure.ts";
import { startProgress, type Progress } from "../../tools/progress/progress.ts";

export interface ScalePoint {
  releases: number;
  loadSeconds: number;
  feedBuildMs: { p50: number; p99: number; samples: number };
  searchMs: { p50: number; p99: number; samples: number };
}

const words = ["реабилитация", "министрлік", "ministry", "азаматтарын", "программа", "cooperation"];
const dayAfterEpoch = (i: number) => new Date(i * 86_400_000).toISOString().slice(0, 10);

const documentFor = (index: number) =>
  releaseToDocument(
    corpusEvent(index, {
      seed: 6006,
      externalIdPrefix: "scale",
      start: new Date(Date.UTC(2015, 0, 1)),
      stepMs: 60_000,
    }),
  );

/** The documents from `from` to `to`, counted into `progress` as they go (a few thousand ahead of OpenSearch's acks). */
async function* documents(from: number, to: number, progress: Progress) {
  for (let i = from; i < to; i++) {
    yield documentFor(i);
    progress.update(i + 1 - from);
  }
}

async function timed(url: string): Promise<{ ms: number; body: unknown }> {
  const started = performance.now();
  const response = await fetch(url);
  const body: unknown = await response.json();
  if (response.status !== 200) throw new Error(`R6: ${url} answered ${response.status}`);
  return { ms: performance.now() - started, body };
}

export async function r6Scale(ctx: BenchContext, sizes: number[]): Promise<ScalePoint[]> {
  const client = createOpenSearchClient(ctx.stack.env["OPENSEARCH_URL"]!);
  const alias = ctx.stack.env["OPENSEARCH_INDEX"]!;
  const samples = ctx.quick ? 10 : 200;
  const points: ScalePoint[] = [];
  let loaded = 0;
  let askedBefore = 0;
  try {
    // The archive is the corpus alone, so each size is exact: what earlier rows left goes first, with
    // the index (the indexer stopped first: it would heal the index from the stream, ADR 0013).
    await ctx.stack.stopService("indexer");
    await client.indices.delete({ index: `${alias}-v*` });
    await ensureReleaseIndex(client, alias);
    for (const target of [...sizes].sort((a, b) => a - b)) {
      ctx.log(`R6: loading the archive up to ${target.toLocaleString("en")} releases (${target - loaded} to load)…`);
      const started = performance.now();
      // Loading a million takes most of an hour on 2 cores: a line every 30 s says how far it is.
      const progress = startProgress({
        label: `[bench] R6: loading up to ${target.toLocaleString("en")}`,
        unit: "releases",
        total: target - loaded,
        intervalMs: 30_000,
      });
      let firstDrop: string | undefined;
      // Bulk loading as an operator would (a reindex does the same): no refreshes while loading, one after.
      const settings = (await client.indices.getSettings({ index: alias, name: "index.refresh_interval" }))
        .body as Record<string, { settings?: { index?: { refresh_interval?: string } } }>;
      const refreshInterval = Object.values(settings)[0]?.settings?.index?.refresh_interval ?? null;
      await client.indices.putSettings({ index: alias, body: { index: { refresh_interval: "-1" } } });
      const stats = await client.helpers.bulk({
        datasource: documents(loaded, target, progress),
        onDocument: (document: { id: string }) =>
          ({ index: { _index: alias, _id: document.id, version: 1, version_type: "external" } }) as never,
        require_alias: true,
        // OpenSearch answers 429 when its write queue is full (other work on the machine): wait, retry.
        retries: 10,
        wait: 2000,
        onDrop: (dropped: { status: number; error: unknown }) => {
          firstDrop ??= `${dropped.status} ${JSON.stringify(dropped.error)}`;
        },
      } as never);
      progress.finish();
      if (stats.failed > 0) throw new Error(`R6: ${stats.failed} documents failed to load; the first: ${firstDrop}`);
      const loadSeconds = (performance.now() - started) / 1000;
      loaded = target;
      await client.indices.putSettings({
        index: alias,
        body: { index: { refresh_interval: refreshInterval } },
      } as never);
      await client.indices.refresh({ index: alias });
      const releases = (await client.count({ index: alias })).body.count as number;
      const feedTimes: number[] = [];
      // A walk that starts just below the newest archive release loaded so far, so no page of it was
      // built before (direct bulk loading does not announce writes; feeds' caches would serve old pages).
      const start = [Date.UTC(2015, 0, 1) + (target - 1 - points.length) * 60_000, ""];
      let next: string | undefined =
        `${ctx.stack.urls.feeds}/feeds/feed.json?before=${Buffer.from(JSON.stringify(start)).toString("base64url")}`;
      for (let i = 0; i < samples && next !== undefined; i++) {
        const page = await timed(next);
        feedTimes.push(page.ms);
        next = (page.body as { next_url?: string }).next_url;
      }
      const searchTimes: number[] = [];
      for (let i = 0; i < samples; i++) {
        const q = encodeURIComponent(words[i % words.length]!);
        searchTimes.push(
          (await timed(`${ctx.stack.urls.feeds}/v1/search?q=${q}&from=${dayAfterEpoch(askedBefore++)}`)).ms,
        );
      }
      const summary = (times: number[]) => ({
        p50: Math.round(percentile(times, 50) * 10) / 10,
        p99: Math.round(percentile(times, 99) * 10) / 10,
        samples: times.length,
      });
      const point = {
        releases,
        loadSeconds: Math.round(loadSeconds),
        feedBuildMs: summary(feedTimes),
        searchMs: summary(searchTimes),
      };
      ctx.log(`R6: ${JSON.stringify(point)}`);
      points.push(point);
    }
    return points;
  } finally {
    await client.close();
  }
}
