/**
 * `node bench/query-cost.ts [word] [releases]`: what each part of the search query costs OpenSearch.
 * Indexes `releases` bench releases (default 600; the bench's generator) into an index of the current
 * layout, then times sequential requests of the R4 query in variants (each part left out in turn)
 * against each other, alternating. A diagnostic for ADR 0005, not a benchmark row.
 */
import { releaseToDocument, ensureReleaseIndex } from "@gazette/indexer";
import { searchReleasesQuery } from "@gazette/feeds";
import { diagnosticOpenSearch } from "./diagnostic.ts";
import { corpusRelease } from "./corpus.ts";

const { infrastructure, client } = await diagnosticOpenSearch();
const alias = `query-cost-${Date.now()}`;
try {
  await ensureReleaseIndex(client, alias);
  const documentOf = (i: number) => {
    const input = corpusRelease(i);
    const id = `cost-${i}`;
    const document = releaseToDocument({
      type: "release.published",
      releaseId: id,
      version: 1,
      occurredAt: new Date().toISOString(),
      release: {
        ...input,
        tags: input.tags ?? [],
        images: [],
        id,
        publisher: "demo",
        publishedAt: new Date(Date.now() - i * 86_400_000).toISOString(),
        updatedAt: new Date().toISOString(),
        version: 1,
      } as never,
    });
    return document;
  };
  const releases = Number(process.argv[3] ?? 600);
  async function* documents() {
    for (let i = 0; i < releases; i++) yield documentOf(i);
  }
  const loaded = await client.helpers.bulk({
    datasource: documents(),
    onDocument: (document: { id: string }) => ({ index: { _index: alias, _id: document.id } }) as never,
    refreshOnCompletion: true,
  } as never);
  if (loaded.failed > 0) throw new Error(`${loaded.failed} documents failed to load`);
  const q = process.argv[2] ?? "реабилитация";
  const full = searchReleasesQuery({ q, size: 20 }) as Record<string, unknown>;
  const strip = (json: string, pattern: RegExp) => JSON.parse(json.replace(pattern, "")) as object;
  const text = JSON.stringify(full);
  const inner = (full["query"] as { function_score: { query: { bool: { must: object[]; filter: object[] } } } })
    .function_score.query;
  const before = {
    ...full,
    query: {
      bool: {
        must: [
          {
            simple_query_string: {
              query: q,
              fields: ["text.*.title^3", "text.*.summary^2", "text.*.body"],
              default_operator: "and",
            },
          },
        ],
        filter: inner.bool.filter,
      },
    },
  };
  const variants: Record<string, object> = {
    full,
    "no function_score": { ...full, query: inner },
    "no facets": { ...full, aggs: {} },
    "no total count": { ...full, track_total_hits: false },
    "no facets, no total count": { ...full, aggs: {}, track_total_hits: false },
    "no highlight": { ...full, highlight: undefined },
    "no .words fields": strip(text, /,"text\.\w+\.\w+\.words\^[\d.]+"/g),
    "no .folded fields": strip(text, /,"text\.\w+\.\w+\.folded\^[\d.]+"/g),
    "highlight_query: stemmed only": {
      ...full,
      highlight: { ...(full["highlight"] as object), highlight_query: before.query },
    },
    "the query before v3": before,
    "before v3, no highlight": { ...before, highlight: undefined },
  };
  // Fewer searches a round on a large index, where one takes tens of milliseconds.
  const perRound = releases > 10_000 ? 10 : 40;
  const timings: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < 6; round++) {
    for (const [name, query] of Object.entries(variants)) {
      const started = performance.now();
      for (let i = 0; i < perRound; i++) await client.search({ index: alias, body: query as never });
      if (round > 0) timings[name]!.push((performance.now() - started) / perRound);
    }
  }
  for (const [name, values] of Object.entries(timings))
    console.log(
      `${name.padEnd(22)} ${(values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0).toFixed(2)} ms per search (median of ${values.length} rounds of ${perRound}, ${releases.toLocaleString("en")} releases)`,
    );
} finally {
  await fetch(`${infrastructure.opensearchUrl}/${alias}-v*`, { method: "DELETE" });
  await fetch(`${infrastructure.opensearchUrl}/_index_template/${alias}-template`, { method: "DELETE" });
  await client.close();
  await infrastructure.stop();
}
