/**
 * Russian nouns whose last vowel drops in their other forms (issue 31, item 3): «посол» / «посла»,
 * «уровень» / «уровня», «день» / «дня» / «ко Дню». Russian's light stemmer keeps the forms apart (`посол`,
 * `посл`; a word of three letters it leaves as it is), and the index's own fleeting-vowel rule reads only
 * -ок/-ек/-ец. On the query side such a noun is also asked in the other shape, which the field's analyzer
 * then stems as it stems the text: no new analysis in the index, no reindex. By rule, not by dictionary:
 * a made form that is not a word (`кризис` → `кризса`) matches nothing and costs a clause, not a false hit.
 *
 * - A nominative in -ол/-ел/-ёл, -ер/-ёр or -ень/-онь is also asked without its vowel: `посол` → `посла`,
 *   `ветер` → `ветра`, `уровень` → `уровня`.
 * - A case form of such a stem (a consonant, then л, р or н, then a case ending) is also asked with the
 *   vowel back: `посла`, `послами` → `посол`, `посел`; `ветра` → `ветер`; `уровня` → `уровень`.
 * - A stem of two letters (`дн`) makes words of three or four letters, which the stemmer does not bring
 *   together at all: every case form is asked (`Дню` → `день`, `дня`, `дню`, `днем`, `дни`, …).
 */

const consonant = "бвгджзклмнпрстфхцчшщ";
const caseEndings = "а|я|у|ю|ом|ем|е|ы|и|ов|ев|ей|ам|ям|ами|ями|ах|ях";

/** A nominative with a fleeting vowel: stem, consonant, о/е, then л, р (hard) or н + ь (soft). */
const nominative = new RegExp(`^(.*[${consonant}])[оеё](?:([лр])|(н)ь)$`, "u");
/** A case form whose stem ends in a consonant then л, р or н, without the vowel between them. */
const caseForm = new RegExp(`^(.*[${consonant}])([лрн])(?:${caseEndings})$`, "u");

/** Every case form of a soft masculine noun (день): singular, then plural. */
const softForms = (stem: string) =>
  ["ь", "я", "ю", "ем", "е", "и", "ей", "ям", "ями", "ях"].map((ending) =>
    ending === "ь" ? `${stem.slice(0, -1)}е${stem.slice(-1)}ь` : `${stem}${ending}`,
  );

const cyrillicWord = /^[\p{Script=Cyrillic}]+$/u;

/** The noun's other shape (with or without its fleeting vowel); none for words that cannot have one. */
export function fleetingVowelForms(word: string): string[] {
  const typed = word.toLocaleLowerCase("ru").replaceAll("ё", "е");
  if (!cyrillicWord.test(typed) || typed.length < 3) return [];
  const forms: string[] = [];
  const asNominative = nominative.exec(typed);
  if (asNominative !== null) {
    const [, before, hard, soft] = asNominative;
    const stem = `${before}${hard ?? soft}`;
    forms.push(...([...stem].length === 2 && soft !== undefined ? softForms(stem) : [`${stem}${soft ? "я" : "а"}`]));
  }
  const asCaseForm = caseForm.exec(typed);
  if (asCaseForm !== null && asNominative === null) {
    const [, before, last] = asCaseForm;
    const stem = `${before}${last}`;
    const soft = last === "н";
    // н drops its vowel only in soft nouns (уровня, дня); a hard -на is a stem of its own (окна, страна).
    const softEnding = /^(?:я|ю|ем|е|и|ей|ям|ями|ях)$/u.test(typed.slice(stem.length));
    if (soft && !softEnding) return [];
    // A hard stem's prepositional -е is left: «после» is "after" far more often than «о после».
    if (!soft && typed.slice(stem.length) === "е") return [];
    if ([...stem].length === 2) forms.push(...(soft ? softForms(stem) : [`${before}о${last}`, `${stem}а`]));
    else if (soft) forms.push(`${before}ень`);
    else if (last === "л") forms.push(`${before}ол`, `${before}ел`);
    else forms.push(`${before}ер`);
  }
  return [...new Set(forms)].filter((form) => form !== typed);
}

/**
 * Prepositions with the vowel added before some words (ко Дню, обо всём, изо всех): Russian's stop
 * words hold `к`, `о`, `из`, but not these, so the index keeps them and a query holding one finds only
 * texts that hold it too. A Russian query leaves them out.
 */
export const russianPrepositionVariants: ReadonlySet<string> = new Set([
  "ко",
  "обо",
  "изо",
  "ото",
  "подо",
  "передо",
  "надо",
]);
