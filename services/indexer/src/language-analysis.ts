/**
 * The analysis of each language's text, at index and at query time (ADR 0005). Every language has
 * two chains over the same text:
 * - the stemmed field (`text.<lang>.title`): the language's stop words and stemmer, so inflected forms
 *   meet (реинтеграция / реинтеграции, оңалту / оңалтуға, visit / visited);
 * - the folded subfield (`….folded`): the same, then letters that people type differently folded
 *   together, so `Токаев` finds `Тоқаев` and `Укимет` finds `Үкімет` (Kazakh, Kyrgyz and Tajik letters
 *   typed on a Russian layout).
 * Both begin with one character map (ё → е, apostrophe variants → ') and end in ASCII folding, so
 * `Федоров` finds `Фёдоров` and `Sao Paulo` finds `São Paulo` in every language.
 */
import type { AnalysisLanguage } from "@gazette/shared";
import { kazakhAnalyzer } from "./kazakh-analysis.ts";

/** Letters of Kazakh, Kyrgyz and Tajik folded to the Russian letter typed for them on a Russian layout. */
export const extendedCyrillicFolding: Record<string, string> = { қ: "к", ғ: "г", ң: "н", ү: "у", ұ: "у", ө: "о", ә: "а", і: "и", һ: "х", ӣ: "и", ӯ: "у", ҳ: "х", ҷ: "ч" };

const characterMap = {
  type: "mapping",
  mappings: ["ё => е", "Ё => Е", "ʻ => '", "ʼ => '", "‘ => '", "’ => '", "` => '", "\\u00AD => "],
};

/** One pattern_replace filter per folded letter (token filters have no mapping of their own). */
function foldingFilters(): Record<string, object> {
  return Object.fromEntries(Object.entries(extendedCyrillicFolding).map(([letter, plain], i) => [`gazette_fold_${i}`, { type: "pattern_replace", pattern: letter, replacement: plain, all: true }]));
}

/** The analyzer names of each language: `[stemmed, folded]`. */
export const analyzersOf: Record<AnalysisLanguage, { stemmed: string; folded: string }> = {
  ru: { stemmed: "gazette_ru", folded: "gazette_ru_folded" },
  en: { stemmed: "gazette_en", folded: "gazette_en_folded" },
  kk: { stemmed: "gazette_kazakh", folded: "gazette_kazakh_folded" },
  other: { stemmed: "gazette_other", folded: "gazette_other_folded" },
};

/** The `analysis` settings of the index: character map, filters and the eight analyzers, plus spelling and suggestion analyzers. */
export function analysisSettings() {
  const kazakh = kazakhAnalyzer();
  const kazakhChain = (kazakh.analyzer as { filter: string[] }).filter;
  const fold = foldingFilters();
  const foldNames = Object.keys(fold);
  const chains: Record<AnalysisLanguage, string[]> = {
    ru: ["lowercase", "gazette_ru_stop", "asciifolding", "gazette_ru_stemmer"],
    en: ["gazette_en_possessive", "lowercase", "gazette_en_stop", "asciifolding", "gazette_en_stemmer"],
    kk: [...kazakhChain, "asciifolding"],
    other: ["lowercase", "asciifolding"],
  };
  const analyzer: Record<string, object> = {};
  for (const [language, names] of Object.entries(analyzersOf) as [AnalysisLanguage, { stemmed: string; folded: string }][]) {
    analyzer[names.stemmed] = { type: "custom", char_filter: ["gazette_characters"], tokenizer: "standard", filter: chains[language] };
    analyzer[names.folded] = { type: "custom", char_filter: ["gazette_characters"], tokenizer: "standard", filter: [...chains[language], ...foldNames] };
  }
  // Titles as typed (suggestions as you type) and words as written (did-you-mean): no stemming.
  analyzer["gazette_folding"] = { type: "custom", char_filter: ["gazette_characters"], tokenizer: "standard", filter: ["lowercase", "asciifolding"] };
  analyzer["gazette_spelling"] = { type: "custom", char_filter: ["gazette_characters"], tokenizer: "standard", filter: ["lowercase"] };
  return {
    char_filter: { gazette_characters: characterMap },
    filter: {
      ...kazakh.filters,
      ...fold,
      gazette_ru_stop: { type: "stop", stopwords: "_russian_" },
      gazette_ru_stemmer: { type: "stemmer", language: "russian" },
      gazette_en_possessive: { type: "stemmer", language: "possessive_english" },
      gazette_en_stop: { type: "stop", stopwords: "_english_" },
      gazette_en_stemmer: { type: "stemmer", language: "english" },
    },
    analyzer,
  };
}
