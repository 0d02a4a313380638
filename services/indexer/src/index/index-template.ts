import { analysisLanguages, searchFieldNames, type AnalysisLanguage, indexRefreshIntervalMs } from "@gazette/shared";
import { analysisSettings, analyzersOf } from "../analysis/index.ts";

/**
 * Version of the index layout; a change of mappings or analysis makes a new index `<alias>-v<N>`.
 * v3: per-language stemmed and folded fields, one character map, a spelling field (ADR 0005).
 * v4: the same fields, analysed at a third of the cost (folding as a character map where no stemmer
 * needs the letters, a Kazakh stemmer of one filter per stage; ADR 0003).
 * v5: the same fields, each segment sorted newest first (`indexSort`): a feed page stops reading a
 * segment after its first 50 matches instead of sorting every release (ADR 0018).
 * v6: the Kazakh stemmer reaches one stem for a word in -ы/-і, its possessive and its plural
 * (жалақы, жалақысы; оқушы, оқушылары); a `history` field (ADR 0027), added to older indices in place.
 * v7: story signatures made of word hashes (ADR 0029): their bands never meet a v6 signature's, so
 * releases group into stories with releases of their own layout only, until the reindex.
 * v8: the same analysis, by token filters of our OpenSearch plugin instead of pattern_replace chains
 * (ADR 0030): every node needs the plugin (tools/opensearch-analysis, deploy/opensearch/Dockerfile).
 * Since ADR 0031 the Russian chains' two rules are plugin filters too, in the same layout (the same
 * tokens: an older v8 index keeps its pattern_replace filters and answers alike).
 */
export const indexLayoutVersion = 8;

/**
 * The order every feed and change listing reads releases in (newest first, the id breaking ties, so
 * `search_after` pages deterministically), kept as the index's own order.
 */
export const indexSort = { field: ["publishedAt", "id"], order: ["desc", "asc"] } as const;

export function versionedIndexName(alias: string, version = indexLayoutVersion): string {
  return `${alias}-v${version}`;
}

/** The layout version of a concrete index name (`releases-v2`, `releases-v3-20261128…`), if it has one. */
export function layoutVersionOf(index: string): number | undefined {
  const match = /-v(\d+)(?:-\d+)?$/.exec(index);
  return match === null ? undefined : Number(match[1]);
}

/** Each field of a language's text: stemmed, with folded and folded-words subfields; title and body also feed the spelling field. */
const languageText = (language: AnalysisLanguage) => {
  const { stemmed, folded, words } = analyzersOf[language];
  const subfields = { folded: { type: "text", analyzer: folded }, words: { type: "text", analyzer: words } };
  // Titles and bodies are highlighted: with offsets in the postings the highlighter reads them there
  // instead of analysing every hit's text again (that cost two thirds of a search; ADR 0005).
  const field = (highlighted: boolean) => ({
    type: "text",
    analyzer: stemmed,
    ...(highlighted ? { index_options: "offsets", copy_to: searchFieldNames.spelling } : {}),
    fields: subfields,
  });
  return { properties: { title: field(true), summary: field(false), body: field(true) } };
};

/** How an index is spread: primary shards, and copies of each on other nodes (OPENSEARCH_SHARDS, OPENSEARCH_REPLICAS). */
export interface IndexTopology {
  shards: number;
  replicas: number;
}

/** One node: one shard, no copies (a copy could only sit on another node; the health would stay yellow). */
export const singleNodeTopology: IndexTopology = { shards: 1, replicas: 0 };

/**
 * The composable index template for every `<alias>-v*` index: analysis and strict mappings. Its
 * priority grows with the alias's length: `releases-v*` also matches another alias's indices
 * (`releases-versions-v6`), and OpenSearch refuses two overlapping templates of one priority, which
 * stopped an indexer from starting on an OpenSearch that held such an alias; the longer, more
 * specific alias's template wins.
 */
export function releaseIndexTemplate(alias: string, topology: IndexTopology = singleNodeTopology) {
  return {
    index_patterns: [`${alias}-v*`],
    priority: 100 + alias.length,
    template: {
      settings: {
        number_of_shards: topology.shards,
        number_of_replicas: topology.replicas,
        refresh_interval: `${indexRefreshIntervalMs}ms`,
        sort: { field: [...indexSort.field], order: [...indexSort.order] },
        analysis: analysisSettings(),
      },
      mappings: {
        dynamic: "strict",
        properties: {
          id: { type: "keyword" },
          externalId: { type: "keyword" },
          publisher: { type: "keyword" },
          language: { type: "keyword" },
          languageSource: { type: "keyword" },
          // `title.suggest`: prefix search as you type (GET /v1/suggest), any language, case and diacritics folded.
          title: {
            type: "text",
            analyzer: "gazette_folding",
            fields: {
              raw: { type: "keyword", ignore_above: 1024 },
              suggest: { type: "search_as_you_type", analyzer: "gazette_folding" },
            },
          },
          summary: { type: "text", index: false },
          bodyHtml: { type: "text", index: false },
          tags: { type: "keyword" },
          publishedAt: { type: "date" },
          updatedAt: { type: "date" },
          sourceUrl: { type: "keyword", index: false },
          images: { type: "object", enabled: false },
          translationKey: { type: "keyword" },
          // Story grouping (ADR 0016): the signature is only kept, the bands find candidates, the id collapses.
          storySignature: { type: "long", index: false, doc_values: false },
          storySize: { type: "integer", index: false, doc_values: false },
          storyMarks: { type: "keyword", index: false, doc_values: false },
          storyTitleNumbers: { type: "keyword", index: false, doc_values: false },
          storyBands: { type: "keyword" },
          storyId: { type: "keyword" },
          storyCanonical: { type: "boolean" },
          embargoUntil: { type: "date" },
          indexedAt: { type: "date" },
          changedAt: { type: "date" },
          version: { type: "long" },
          status: { type: "keyword" },
          withdrawnAt: { type: "date" },
          withdrawalReason: { type: "text", index: false },
          // The version history the release page shows: kept, not searched (added to older indices in place).
          history: { type: "object", enabled: false },
          // Words as written in titles and bodies of every language: the did-you-mean suggester reads it.
          [searchFieldNames.spelling]: { type: "text", analyzer: "gazette_spelling" },
          text: {
            properties: Object.fromEntries(analysisLanguages.map((language) => [language, languageText(language)])),
          },
        },
      },
    },
  };
}
