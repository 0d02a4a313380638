/**
 * Language analysis: the analyzers, normalizers and stemmers the index template declares.
 */
export { analysisSettings, analyzersOf } from "./language-analysis.ts";
export { extendedCyrillicFolding } from "./language-analysis.ts";
/** The character maps' rules (OpenSearch's `mapping` syntax): the plugin's character filter is tested against `mapping`. */
export { characterMappings, foldingMappings } from "./language-analysis.ts";
/** OpenSearch's own components in place of the plugin's character map and folding: their specification. */
export { builtinCharacterFilters, withBuiltinComponents } from "./language-analysis.ts";
/** The Kazakh stemmer as `pattern_replace` filters: the specification the analysis plugin is tested against. */
export { kazakhRegexStemmerFilters } from "./kazakh-analysis.ts";
/** The Russian chains' surname and fleeting-vowel rules as `pattern_replace` filters: the plugin's specification. */
export { russianRegexRuleFilters } from "./russian-analysis.ts";
