import { primaryLanguageSubtag } from "@gazette/shared";

/**
 * The language a reader most likely wants first (issue 31, item 5): the query's own script says it when it
 * can (a Kazakh letter, a Tajik one, Latin), the reader's language (`hl`) otherwise (Cyrillic without
 * letters of its own is Russian, Kazakh or Kyrgyz alike). Used to rank releases in it first among equals,
 * never to filter.
 */
export function preferredLanguage(q: string, hl?: string): string | undefined {
  const text = q.normalize("NFC").toLocaleLowerCase("ru");
  const reader = hl === undefined ? undefined : primaryLanguageSubtag(hl);
  if (/[ҷӣӯ]/.test(text)) return "tg";
  if (/[ўҳ]/.test(text)) return "uz";
  if (/[әғқұһі]/.test(text)) return "kk";
  // ң, ө, ү are Kazakh and Kyrgyz letters both.
  if (/[ңөү]/.test(text)) return reader === "ky" ? "ky" : "kk";
  if (/\p{Script=Cyrillic}/u.test(text))
    return reader !== undefined && ["kk", "ky", "uz", "tg"].includes(reader) ? reader : "ru";
  if (/\p{Script=Latin}/u.test(text)) return /[og][''ʻ’`]/.test(text) || reader === "uz" ? "uz" : "en";
  return reader;
}
