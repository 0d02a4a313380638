/**
 * The search eval's corpus: 62 releases (26 ru, 18 kk, 18 en) written for it in the manner of the
 * region's ministries, several of them the same news in two or three languages (so a query must find
 * the right language's release first); 11 for the abbreviation queries (ru, kk, en, uz, ky, tg); and 6
 * in Uzbek (both scripts), Kyrgyz and Tajik for the inflection queries.
 */
import { abbreviationReleases } from "./corpus-abbreviations.ts";
import { englishReleases } from "./corpus-en.ts";
import { inflectionReleases } from "./corpus-inflection.ts";
import { kazakhReleases } from "./corpus-kk.ts";
import { russianReleases } from "./corpus-ru.ts";

export interface EvalRelease {
  /** The eval's own name for it (also its externalId): `ru01`, `kk03`, `en17`. */
  key: string;
  title: string;
  body: string;
  tags: string[];
  publishedAt: string;
}

const languageOf = (key: string) => key.slice(0, 2);

export const evalCorpus: (EvalRelease & { language: string })[] = [
  ...russianReleases,
  ...kazakhReleases,
  ...englishReleases,
  ...abbreviationReleases,
  ...inflectionReleases,
].map((release) => ({ ...release, language: languageOf(release.key) }));
