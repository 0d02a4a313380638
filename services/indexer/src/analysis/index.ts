/**
 * Language analysis: the analyzers, normalizers and stemmers the index template declares.
 */
export { analysisSettings, analyzersOf } from "./language-analysis.ts";
