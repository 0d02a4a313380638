/**
 * Reading upstream documents: charsets, RSS/Atom/WordPress, the entries they carry and the polling
 * hints they give, on a pool of worker threads. The rest of the pull adapter reaches it only here.
 */
export { ParserPool, defaultParserPoolOptions, ownBuffer } from "./pool.ts";
export type { ParserPoolOptions, ParseRequest, ParseResult } from "./pool.ts";
export type { LanguageNote, UpstreamEntry } from "./items.ts";
export { isTimeZone } from "./dates.ts";
