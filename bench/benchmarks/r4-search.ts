import { searchReleasesQuery } from "@gazette/feeds";
import type { BenchContext } from "../context.ts";
import { alternate, requestsPerSecond, type BenchRow } from "../measure.ts";

/** A day `i` days after 1970-01-01: a `from` filter before every release, so each search is distinct but finds the same. */
const dayAfterEpoch = (i: number) => new Date(i * 86_400_000).toISOString().slice(0, 10);

/**
 * R4: GET /v1/search through feeds, each request a search not asked before (so the search cache
 * cannot answer), against the identical query bodies, asking the same `from` days in the same turn,
 * POSTed straight to OpenSearch. R4c: the same
 * popular search again and again, answered from feeds' search cache, against the same reference.
 */
export async function r4Search(ctx: BenchContext): Promise<BenchRow[]> {
  const q = "реабилитация";
  const count = 20_000;
  const distinct = { template: `/v1/search?q=${encodeURIComponent(q)}&from={date}`, count };
  // The reference asks the same `from` days in the same turn (until 2026-12-06 it asked one `from`
  // again and again, which OpenSearch's filter cache answers after a few times: feeds never could).
  const filtered = { template: JSON.stringify(searchReleasesQuery({ q, size: 20, from: "{date}" })), count };
  const uncached = await searchRow(ctx, "R4", "search through feeds", { datedPaths: distinct }, filtered, 0.9);
  const uncachedWrk = await searchRow(
    ctx,
    "R4 (wrk)",
    "search through feeds, wrk",
    { datedPaths: distinct, generator: "wrk" },
    filtered,
    0.9,
  );
  const plain = { template: JSON.stringify(searchReleasesQuery({ q, size: 20 })), count: 1 };
  const what = "a repeated popular search (cached until the index changes)";
  const cached = await searchRow(ctx, "R4c", what, {}, plain, 1);
  return [uncached, uncachedWrk, cached];
}

async function searchRow(
  ctx: BenchContext,
  id: string,
  what: string,
  request: { datedPaths?: { template: string; count: number }; generator?: "wrk" },
  referenceQueries: { template: string; count: number },
  goalRatio: number,
): Promise<BenchRow> {
  const q = "реабилитация";
  const goal = `≥ ${goalRatio}`;
  const index = ctx.stack.env["OPENSEARCH_INDEX"]!;
  const measured = await alternate(
    ctx.rounds,
    () =>
      requestsPerSecond({
        url: `${ctx.stack.urls.feeds}/v1/search?q=${encodeURIComponent(q)}`,
        connections: ctx.connections,
        seconds: ctx.seconds,
        expectStatus: 200,
        ...request,
      }),
    () =>
      requestsPerSecond({
        url: `${ctx.stack.env["OPENSEARCH_URL"]}/${index}/_search`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: referenceQueries.template.replace("{date}", dayAfterEpoch(0)),
        ...(referenceQueries.count > 1 ? { datedBodies: referenceQueries } : {}),
        ...(request.generator === undefined ? {} : { generator: request.generator }),
        connections: ctx.connections,
        seconds: ctx.seconds,
        expectStatus: 200,
      }),
    true,
    ctx.quick ? 0 : 1,
    { label: id, log: ctx.log },
  );
  return { id, what, unit: "req/s", goal, ...measured, met: measured.ratio.median >= goalRatio };
}
