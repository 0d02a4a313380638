/**
 * `node bench/analysis-cost.ts [documents] [rounds] [variant,…]`: what the index's analysis costs a load.
 * Bulk-loads `documents` corpus releases (default 4,000; `helpers.bulk`, no indexer) into an index of
 * the current layout whose analysis is changed in one way per variant, the variants in turn, `rounds`
 * times (default 4: the first warms the JVM), and prints each variant's rate in documents a second.
 * A diagnostic for ADRs 0030 and 0035, not a benchmark row (R2 and R2plain are those).
 */
import {
  builtinCharacterFilters,
  ensureReleaseIndex,
  releaseToDocument,
  withBuiltinComponents,
} from "@gazette/indexer";
import { diagnosticOpenSearch } from "./diagnostic.ts";
import { corpusEvent } from "./corpus.ts";

interface Analyzer {
  type?: string;
  char_filter?: string[];
  filter?: string[];
}
interface Analysis {
  char_filter: Record<string, { type: string; mappings: string[] }>;
  analyzer: Record<string, Analyzer>;
  [part: string]: unknown;
}

const eachAnalyzer = (analysis: Analysis, change: (analyzer: Analyzer) => Analyzer): Analysis => ({
  ...analysis,
  analyzer: Object.fromEntries(Object.entries(analysis.analyzer).map(([name, analyzer]) => [name, change(analyzer)])),
});

/** The layout's analysis, changed one way each. */
const variants: Record<string, (analysis: Analysis) => object> = {
  layout: (analysis) => analysis,
  /** OpenSearch's `mapping` and `asciifolding` where the layout has the plugin's (as before ADR 0035). */
  builtin: (analysis) =>
    eachAnalyzer(
      { ...analysis, char_filter: { ...analysis.char_filter, ...builtinCharacterFilters } },
      withBuiltinComponents,
    ),
  "no-char-filters": (analysis) => eachAnalyzer(analysis, (analyzer) => ({ ...analyzer, char_filter: [] })),
  "no-ascii-folding": (analysis) =>
    eachAnalyzer(analysis, (analyzer) => ({
      ...analyzer,
      filter: (analyzer.filter ?? []).filter((name) => name !== "gazette_fold_ascii"),
    })),
  /** The standard tokenizer and lower-casing only, in every analyzer. */
  lowercase: (analysis) =>
    eachAnalyzer(analysis, () => ({ type: "custom", tokenizer: "standard", filter: ["lowercase"] }) as Analyzer),
  /** OpenSearch's `standard` analyzer everywhere: R2plain's reference layout. */
  standard: (analysis) => ({
    analyzer: Object.fromEntries(Object.keys(analysis.analyzer).map((name) => [name, { type: "standard" }])),
  }),
};

const [documentsArg, roundsArg, variantsArg] = process.argv.slice(2);
const total = Number(documentsArg ?? 4000);
const rounds = Number(roundsArg ?? 4);
const chosen = variantsArg?.split(",") ?? ["builtin", "layout", "standard"];
for (const name of chosen)
  if (!(name in variants)) throw new Error(`unknown variant ${name}: ${Object.keys(variants)}`);

const { infrastructure, client } = await diagnosticOpenSearch();
const alias = `analysis-cost-${Date.now()}`;
const corpus = { seed: 2002, externalIdPrefix: "cost", start: new Date(Date.UTC(2024, 0, 1)), stepMs: 1000 };
const documents = Array.from({ length: total }, (_, i) => releaseToDocument(corpusEvent(i, corpus)));
try {
  // The layout's settings and mappings, as the template the indexer puts gives them to a new index.
  await ensureReleaseIndex(client, alias);
  const response = await client.indices.getIndexTemplate({ name: `${alias}-template` });
  const template = (
    response.body as unknown as {
      index_templates: {
        index_template: { template: { settings: { index: { analysis: Analysis } }; mappings: object } };
      }[];
    }
  ).index_templates[0]!.index_template.template;
  await client.indices.delete({ index: `${alias}-v*` });
  await client.indices.deleteIndexTemplate({ name: `${alias}-template` });
  const { analysis, ...settings } = template.settings.index;

  const rates: Record<string, number[]> = Object.fromEntries(chosen.map((name) => [name, []]));
  for (let round = 1; round <= rounds; round++)
    for (const name of chosen) {
      const index = `${alias}-${name}`;
      await client.indices.create({
        index,
        body: {
          settings: { index: { ...settings, analysis: variants[name]!(analysis) } },
          mappings: template.mappings,
        },
      } as never);
      const started = performance.now();
      const stats = await client.helpers.bulk({
        datasource: documents,
        onDocument: (document: { id: string }) => ({ index: { _index: index, _id: document.id } }) as never,
      });
      if (stats.successful !== total) throw new Error(`${name}: ${stats.successful} of ${total} documents loaded`);
      const rate = Math.round(total / ((performance.now() - started) / 1000));
      rates[name]!.push(rate);
      console.error(`round ${round}: ${name} ${rate} docs/s`);
      await client.indices.delete({ index });
    }
  console.log(JSON.stringify({ documents: total, rounds, docsPerSecond: rates }));
} finally {
  await client.indices.delete({ index: `${alias}-*` }).catch(() => undefined);
  await client.close();
  await infrastructure.stop();
}
