/**
 * The analysis of each language's text, at index and at query time (ADR 0005). Every language has
 * two chains over the same text:
 * - the stemmed field (`text.<lang>.title`): the language's stop words and stemmer, so inflected forms
 *   meet (реинтеграция / реинтеграции, оңалту / оңалтуға, visit / visited);
 * - the folded subfield (`….folded`): the same, then letters that people type differently folded
 *   together, so `Токаев` finds `Тоқаевтың` and `Укимет` finds `Үкімет` (Kazakh, Kyrgyz and Tajik
 *   letters typed on a Russian layout);
 * - the folded words (`….words`): the same folding without the stemmer, for words the stemmer reads
 *   differently once their letters are folded (`оралган` typed for `оралған`).
 * Folding is a character map before the tokenizer (one pass) wherever no stemmer reads the extended
 * letters; only the Kazakh folded chain folds token by token, after its stemmer (one filter of our
 * analysis plugin, ADR 0030). As pattern_replace filters on every chain it cost more than the rest of
 * the analysis (ADR 0003).
 * Every chain of a language drops the same stop words, so a function word is dropped from the whole
 * language or from none of its fields.
 * Both begin with one character map (ё → е, apostrophe variants → ') and end in ASCII folding, so
 * `Федоров` finds `Фёдоров` and `Sao Paulo` finds `São Paulo` in every language.
 */
import type { AnalysisLanguage } from "@gazette/shared";
import { kazakhAnalyzer, kazakhStopwords } from "./kazakh-analysis.ts";
import { russianRuleFilters } from "./russian-analysis.ts";

/** Letters of Kazakh, Kyrgyz and Tajik folded to the Russian letter typed for them on a Russian layout. */
export const extendedCyrillicFolding: Record<string, string> = {
  қ: "к",
  ғ: "г",
  ң: "н",
  ү: "у",
  ұ: "у",
  ө: "о",
  ә: "а",
  і: "и",
  һ: "х",
  ӣ: "и",
  ӯ: "у",
  ҳ: "х",
  ҷ: "ч",
};

/** The character map every chain begins with (rules of the `mapping` character filter's syntax). */
export const characterMappings = ["ё => е", "Ё => Е", "ʻ => '", "ʼ => '", "‘ => '", "’ => '", "` => '", "\\u00AD => "];

/** A word with the extended letters folded (the same folding the analyzers do). */
export function foldExtendedCyrillic(word: string): string {
  return [...word].map((letter) => extendedCyrillicFolding[letter] ?? letter).join("");
}

/**
 * Folding before the tokenizer, as a character map (one pass over the text): for chains that have no
 * stemmer, or a stemmer that reads no folded letter (Russian, English). Upper case too: it runs before
 * lower-casing. No rule here maps to a letter another rule reads, so the two maps are one map.
 */
export const foldingMappings = Object.entries(extendedCyrillicFolding).flatMap(([letter, plain]) => [
  `${letter} => ${plain}`,
  `${letter.toUpperCase()} => ${plain.toUpperCase()}`,
]);

/**
 * The character maps and the ASCII folding are our plugin's (ADR 0035): the same text, tokens and
 * offsets as OpenSearch's `mapping` and `asciifolding`, which cost a third of an index's load.
 */
const characterMap = { type: "gazette_char_mapping", mappings: characterMappings };
const characterAndFoldingMap = { type: "gazette_char_mapping", mappings: [...characterMappings, ...foldingMappings] };
const asciiFolding = "gazette_fold_ascii";

/**
 * OpenSearch's own `mapping` and `asciifolding` in place of the plugin's (the layout before ADR 0035):
 * the specification the plugin's components are tested against, and a benchmark's reference. The
 * character filters to add to the analysis settings, and each analyzer's chain rewritten to use them.
 */
export const builtinCharacterFilters = {
  builtin_characters: { type: "mapping", mappings: characterMappings },
  builtin_folding: { type: "mapping", mappings: foldingMappings },
};
/** The plugin's character filters of the settings, each as OpenSearch's filters that do its work (others stay). */
const builtinInPlaceOf: Record<string, string[]> = {
  gazette_characters: ["builtin_characters"],
  gazette_characters_folded: ["builtin_characters", "builtin_folding"],
};
export function withBuiltinComponents<T extends { char_filter?: string[]; filter?: string[] }>(analyzer: T): T {
  return {
    ...analyzer,
    char_filter: (analyzer.char_filter ?? []).flatMap((name) => builtinInPlaceOf[name] ?? [name]),
    filter: (analyzer.filter ?? []).map((name) => (name === asciiFolding ? "asciifolding" : name)),
  };
}

/**
 * Folding after the Kazakh stemmer, which needs the letters (harmony vowels, қ/ғ suffixes): one token
 * filter of our analysis plugin (`gazette_letter_folding`, ADR 0030; it was one `pattern_replace` per
 * plain letter, nine of them).
 */
function foldingFilters(): Record<string, object> {
  return {
    gazette_fold_after_stemming: {
      type: "gazette_letter_folding",
      mappings: Object.entries(extendedCyrillicFolding).map(([letter, plain]) => `${letter} => ${plain}`),
    },
  };
}

export interface LanguageAnalyzers {
  stemmed: string;
  folded: string;
  words: string;
}

/** The analyzer names of each language. */
export const analyzersOf: Record<AnalysisLanguage, LanguageAnalyzers> = {
  ru: { stemmed: "gazette_ru", folded: "gazette_ru_folded", words: "gazette_ru_words" },
  en: { stemmed: "gazette_en", folded: "gazette_en_folded", words: "gazette_en_words" },
  kk: { stemmed: "gazette_kazakh", folded: "gazette_kazakh_folded", words: "gazette_kazakh_words" },
  other: { stemmed: "gazette_other", folded: "gazette_other_folded", words: "gazette_other_words" },
};

/**
 * The folded words chain folds before its stop words: the list has each word folded too, so a
 * function word typed on a Russian layout (жане for және) is dropped like the word itself.
 */
const kazakhStopFilter = {
  type: "stop",
  stopwords: [...new Set([...kazakhStopwords, ...kazakhStopwords.map(foldExtendedCyrillic)])],
};

/** The `analysis` settings of the index: character map, filters and the eight analyzers, plus spelling and suggestion analyzers. */
export function analysisSettings() {
  const kazakh = kazakhAnalyzer();
  const kazakhChain = (kazakh.analyzer as { filter: string[] }).filter;
  const fold = foldingFilters();
  const foldNames = Object.keys(fold);
  // Each language: the filters up to and including its stop words, then its stemmer.
  const chains: Record<AnalysisLanguage, { words: string[]; stemmer: string[] }> = {
    ru: {
      words: ["lowercase", "gazette_ru_stop", asciiFolding],
      stemmer: ["gazette_ru_surname", "gazette_ru_stemmer", "gazette_ru_fleeting_vowel"],
    },
    en: {
      words: ["gazette_en_possessive", "lowercase", "gazette_en_stop", asciiFolding],
      stemmer: ["gazette_en_stemmer"],
    },
    kk: {
      words: ["lowercase", "kk_stop", asciiFolding],
      stemmer: kazakhChain.filter((name) => name !== "lowercase" && name !== "kk_stop"),
    },
    other: { words: ["lowercase", asciiFolding], stemmer: [] },
  };
  const analyzer: Record<string, object> = {};
  const custom = (filter: string[], folded = false) => ({
    type: "custom",
    char_filter: [folded ? "gazette_characters_folded" : "gazette_characters"],
    tokenizer: "standard",
    filter,
  });
  for (const [language, names] of Object.entries(analyzersOf) as [AnalysisLanguage, LanguageAnalyzers][]) {
    const { words, stemmer } = chains[language];
    analyzer[names.stemmed] = custom([...words, ...stemmer]);
    // Only the Kazakh stemmer reads the extended letters: its folded chain folds after stemming.
    analyzer[names.folded] =
      language === "kk" ? custom([...words, ...stemmer, ...foldNames]) : custom([...words, ...stemmer], true);
    analyzer[names.words] = custom(words, true);
  }
  // Titles as typed (suggestions as you type) and words as written (did-you-mean): no stemming.
  analyzer["gazette_folding"] = {
    type: "custom",
    char_filter: ["gazette_characters"],
    tokenizer: "standard",
    filter: ["lowercase", asciiFolding],
  };
  analyzer["gazette_spelling"] = {
    type: "custom",
    char_filter: ["gazette_characters"],
    tokenizer: "standard",
    filter: ["lowercase"],
  };
  return {
    char_filter: { gazette_characters: characterMap, gazette_characters_folded: characterAndFoldingMap },
    filter: {
      ...kazakh.filters,
      kk_stop: kazakhStopFilter,
      ...fold,
      // Named in the settings (not used by its type's name), so the plugin probe asks for it (index-setup.ts).
      [asciiFolding]: { type: "gazette_ascii_folding" },
      gazette_ru_stop: { type: "stop", stopwords: "_russian_" },
      // The surname endings and fleeting vowels around the light stemmer (russian-analysis.ts).
      ...russianRuleFilters(),
      // The light stemmer removes case endings and little else (Snowball also cut кредит to кред).
      gazette_ru_stemmer: { type: "stemmer", language: "light_russian" },
      gazette_en_possessive: { type: "stemmer", language: "possessive_english" },
      gazette_en_stop: { type: "stop", stopwords: "_english_" },
      gazette_en_stemmer: { type: "stemmer", language: "english" },
    },
    analyzer,
  };
}
