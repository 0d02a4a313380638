import { analysisLanguages, type AnalysisLanguage } from "@gazette/shared";
import { kazakhAnalyzer } from "./kazakh-analysis.ts";

/** Version of the index layout; a change of mappings or analysis makes a new index `<alias>-v<N>`. */
export const indexLayoutVersion = 2;

export function versionedIndexName(alias: string, version = indexLayoutVersion): string {
  return `${alias}-v${version}`;
}

/** The analyzer each language's text goes through, at index and at query time. */
const analyzerFor: Record<AnalysisLanguage, string> = {
  ru: "russian",
  en: "english",
  kk: "gazette_kazakh",
  other: "gazette_folding",
};

const languageText = (analyzer: string) => ({
  properties: {
    title: { type: "text", analyzer },
    summary: { type: "text", analyzer },
    body: { type: "text", analyzer },
  },
});

/** The composable index template for every `<alias>-v*` index: analysis and strict mappings. */
export function releaseIndexTemplate(alias: string) {
  const kazakh = kazakhAnalyzer();
  return {
    index_patterns: [`${alias}-v*`],
    priority: 100,
    template: {
      settings: {
        number_of_shards: 1,
        number_of_replicas: 0,
        refresh_interval: "1s",
        analysis: {
          filter: kazakh.filters,
          analyzer: {
            gazette_kazakh: kazakh.analyzer,
            gazette_folding: { type: "custom", tokenizer: "standard", filter: ["lowercase", "asciifolding"] },
          },
        },
      },
      mappings: {
        dynamic: "strict",
        properties: {
          id: { type: "keyword" },
          externalId: { type: "keyword" },
          publisher: { type: "keyword" },
          language: { type: "keyword" },
          // `title.suggest`: prefix search as you type (GET /v1/suggest), any language, case and diacritics folded.
          title: { type: "text", analyzer: "gazette_folding", fields: { raw: { type: "keyword", ignore_above: 1024 }, suggest: { type: "search_as_you_type", analyzer: "gazette_folding" } } },
          summary: { type: "text", index: false },
          bodyHtml: { type: "text", index: false },
          tags: { type: "keyword" },
          publishedAt: { type: "date" },
          updatedAt: { type: "date" },
          sourceUrl: { type: "keyword", index: false },
          images: { type: "object", enabled: false },
          translationKey: { type: "keyword" },
          embargoUntil: { type: "date" },
          indexedAt: { type: "date" },
          changedAt: { type: "date" },
          version: { type: "long" },
          status: { type: "keyword" },
          withdrawnAt: { type: "date" },
          withdrawalReason: { type: "text", index: false },
          text: { properties: Object.fromEntries(analysisLanguages.map((language) => [language, languageText(analyzerFor[language])])) },
        },
      },
    },
  };
}
