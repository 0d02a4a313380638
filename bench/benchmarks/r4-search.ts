import { searchReleasesQuery } from "@gazette/feeds";
import type { BenchContext } from "../context.ts";
import { alternate, requestsPerSecond, type BenchRow } from "../measure.ts";

/** R4: GET /v1/search through feeds, against the identical query body POSTed straight to OpenSearch. */
export async function r4Search(ctx: BenchContext): Promise<BenchRow> {
  const q = "реабилитация";
  const query = JSON.stringify(searchReleasesQuery({ q, size: 20 }));
  const index = ctx.stack.env["OPENSEARCH_INDEX"]!;
  const measured = await alternate(
    ctx.rounds,
    () =>
      requestsPerSecond({
        url: `${ctx.stack.urls.feeds}/v1/search?q=${encodeURIComponent(q)}`,
        connections: ctx.connections,
        seconds: ctx.seconds,
        expectStatus: 200,
      }),
    () =>
      requestsPerSecond({
        url: `${ctx.stack.env["OPENSEARCH_URL"]}/${index}/_search`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: query,
        connections: ctx.connections,
        seconds: ctx.seconds,
        expectStatus: 200,
      }),
    true,
    ctx.quick ? 0 : 1,
    { label: "R4", log: ctx.log },
  );
  return {
    id: "R4",
    what: "search through feeds",
    unit: "req/s",
    goal: "≥ 0.9",
    ...measured,
    met: measured.ratio.median >= 0.9,
  };
}
