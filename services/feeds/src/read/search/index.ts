/**
 * Full-text search: the query built from what a reader typed (synonyms, abbreviations,
 * transliteration, light stemming, the reader's language).
 */
export {
  closeCorrection,
  correctedQuery,
  fullTextQuery,
  normalizeQuery,
  plainWords,
  spellingQuery,
  withRecency,
} from "./full-text-query.ts";
export { preferredLanguage } from "./query-language.ts";
