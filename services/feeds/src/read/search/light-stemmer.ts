/**
 * A light stemmer for the languages without an analysis chain of their own (Uzbek in both scripts,
 * Kyrgyz, Tajik: the `other` fields, unstemmed), applied to the query (issue 31, item 3). A word is
 * stripped, at most one ending of each kind, in the order the languages put them on (a case ending
 * after a possessive after a plural: `долбоор-лор-дун`), never below four letters, and what is left is
 * matched as a prefix (`долбоор*` finds «долбоорлор»). Tajik's order is its own (`вазир-он-и`), so a word
 * has two stems, one per order; a query word matches releases by either. Suffix stripping in the spirit
 * of the Kazakh stemmer (ADR 0003), on the query side only: the index needs no new analysis.
 */

/** Turkic (Uzbek, Kyrgyz) endings by kind, each list tried longest first. */
const turkic = {
  case: [
    // Uzbek (Latin, Cyrillic): genitive, accusative, dative, locative, ablative
    "ning",
    "ni",
    "ga",
    "ka",
    "qa",
    "da",
    "ta",
    "dan",
    "tan",
    "нинг",
    "ни",
    "га",
    "ка",
    "қа",
    "да",
    "та",
    "дан",
    "тан",
    // Kyrgyz, by vowel harmony
    "нын",
    "нин",
    "нун",
    "нүн",
    "дын",
    "дин",
    "дун",
    "дүн",
    "тын",
    "тин",
    "тун",
    "түн",
    "ге",
    "го",
    "гө",
    "ке",
    "ко",
    "кө",
    "на",
    "не",
    "но",
    "нө",
    "ны",
    "ну",
    "нү",
    "ды",
    "ди",
    "ду",
    "дү",
    "ты",
    "ти",
    "ту",
    "тү",
    "де",
    "до",
    "дө",
    "те",
    "то",
    "тө",
    "ден",
    "дон",
    "дөн",
    "тен",
    "тон",
    "төн",
  ],
  possessive: [
    "imiz",
    "ingiz",
    "ing",
    "im",
    "si",
    "i",
    "имиз",
    "ингиз",
    "инг",
    "им",
    "си",
    "и",
    "сы",
    "су",
    "сү",
    "ы",
    "у",
    "ү",
  ],
  plural: ["lar", "лар", "лер", "лор", "лөр", "тар", "тер", "тор", "төр", "дар", "дер", "дор", "дөр"],
};

/** Tajik endings by kind: the object marker, the izofa (and adjectival -ӣ), the plural. */
const tajik = {
  object: ["ро"],
  izofa: ["ии", "ӣ", "и"],
  plural: ["ҳо", "гон", "он", "ён"],
};

const longestFirst = (list: readonly string[]) => [...list].sort((a, b) => b.length - a.length);
const turkicOrder = [turkic.case, turkic.possessive, turkic.plural].map(longestFirst);
const tajikOrder = [tajik.object, tajik.izofa, tajik.plural].map(longestFirst);

/** The shortest stem kept: three letters are too few to tell words apart by their beginning. */
const minStem = 4;

function strip(word: string, order: readonly (readonly string[])[]): string {
  let stem = word;
  for (const kind of order) {
    const ending = kind.find((suffix) => stem.endsWith(suffix) && [...stem].length - [...suffix].length >= minStem);
    if (ending !== undefined) stem = stem.slice(0, stem.length - ending.length);
  }
  return stem;
}

/** A word's stems (lower case, shortest first): without its Turkic endings, without its Tajik ones. */
export function lightStems(word: string): string[] {
  const lower = word.toLocaleLowerCase("ru").replace(/[ʻʼ’`‘]/g, "'");
  return [...new Set([strip(lower, turkicOrder), strip(lower, tajikOrder)])].sort((a, b) => a.length - b.length);
}
