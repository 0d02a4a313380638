import { primaryLanguageSubtag } from "./release-document.ts";

/** Publishers' names by language, as the registry holds them: `{ "mfa-kz": { ru: "…", kk: "…", en: "…" } }`. */
export type PublisherNames = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** Languages to fall back on, in this order, when a name is not given in the one asked for. */
const fallbacks = ["ru", "kk", "en"];

/**
 * A publisher's name for a reader of `language` (a BCP 47 tag): that language, its primary subtag,
 * then Russian, Kazakh, English, then any name it has; its id when it has none.
 */
export function publisherName(names: PublisherNames, id: string, language?: string): string {
  const given = names.get(id);
  if (given === undefined) return id;
  const primary = language === undefined ? undefined : primaryLanguageSubtag(language);
  for (const candidate of [language, primary, ...fallbacks]) {
    if (candidate !== undefined && given[candidate] !== undefined && given[candidate] !== "") return given[candidate]!;
  }
  return Object.values(given).find((name) => name !== "") ?? id;
}
