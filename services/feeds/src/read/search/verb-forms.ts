/**
 * A query verb's other forms, for the languages whose stemmers do not bring them together (issue 31,
 * item 3). The index's stemmers leave a verb's forms apart: Russian's light stemmer makes «одобрить»
 * `одобрит` and «одобрило» `одобрил`; the Kazakh stemmer makes the verbal noun «сөйлесу» `сөйлесу` and the
 * past «сөйлесті» `сөйлес`. On the query side a verb is also asked in its other regular forms, which the
 * field's own analyzer then stems as it stems the text: no new analysis in the index, no reindex.
 *
 * Only regular forms, made by rule (no dictionary): a form that is not a word of the language matches
 * nothing, so a noun taken for a verb (`страна` → `страть`) costs a clause, not a false hit. Left alone:
 * capitalised words (names: `Астана` would add `астан`, and a name matched twice would outrank the
 * reader's language), a form the typed word begins with (the same word in another ending, which the
 * stemmer already brings together and which would count twice), short roots (Kazakh `бару` would add
 * `бар`, "there is", which is in every other release).
 */

const cyrillicWord = /^[\p{Script=Cyrillic}]+$/u;

/** Russian forms: infinitive ↔ past ↔ short passive participle, reflexive with reflexive. */
export function russianVerbForms(word: string): string[] {
  if (isCapitalised(word)) return [];
  const typed = word.toLocaleLowerCase("ru").replaceAll("ё", "е");
  if (!cyrillicWord.test(typed) || typed.length < 6) return [];
  const forms = (stem: string, vowel: string, reflexive: boolean): string[] =>
    reflexive
      ? [`${stem}${vowel}ться`, `${stem}${vowel}лся`, `${stem}${vowel}лись`, `${stem}${vowel}лась`]
      : [`${stem}${vowel}ть`, `${stem}${vowel}л`, participle(stem, vowel)];
  // Infinitive: одобрить, подписать, встретиться (the stem keeps at least three letters).
  let match = /^(.{3,}?)([аеиоуя])ть(ся|сь)?$/u.exec(typed);
  // Past: одобрил, одобрило, подписали; встретился, договорились.
  match ??= /^(.{3,}?)([аеиоуя])л(?:а|о|и)?()$/u.exec(typed);
  const reflexivePast = /^(.{3,}?)([аеиоуя])л(ся|ась|ось|ись)$/u.exec(typed);
  if (match !== null || reflexivePast !== null) {
    const [, stem, vowel, reflexive] = (match ?? reflexivePast)!;
    return others(forms(stem!, vowel!, reflexive !== undefined && reflexive !== ""), typed);
  }
  // Short passive participle: одобрен, одобрено, подписан, подписаны.
  const passive = /^(.{3,}?)(ен|ан|ян)(?:о|а|ы)?$/u.exec(typed);
  if (passive !== null) {
    const [, stem, suffix] = passive;
    const vowel = suffix === "ен" ? "и" : suffix!.charAt(0);
    return others(forms(stem!, vowel, false), typed);
  }
  return [];
}

/** The participle of a verb stem: -ать/-ять → -ан/-ян (подписан), -ить/-еть → -ен (одобрен). */
function participle(stem: string, vowel: string): string {
  return vowel === "а" || vowel === "я" ? `${stem}${vowel}н` : `${stem}ен`;
}

const kazakhBackVowels = new Set([..."аоұы"]);
const kazakhFrontVowels = new Set([..."әөүеі"]);
const kazakhVoiceless = new Set([..."кқпстшщфхцч"]);

/** The third person past of a Kazakh verb root, by vowel harmony: сөйлес → сөйлесті, талқыла → талқылады. */
function kazakhPast(root: string): string | undefined {
  const letters = [...root];
  const lastVowel = letters.findLast((letter) => kazakhBackVowels.has(letter) || kazakhFrontVowels.has(letter));
  if (lastVowel === undefined) return undefined;
  const consonant = kazakhVoiceless.has(letters.at(-1)!) ? "т" : "д";
  return `${root}${consonant}${kazakhBackVowels.has(lastVowel) ? "ы" : "і"}`;
}

/** Kazakh forms: the verbal noun ↔ the past (сөйлесу ↔ сөйлесті, талқылау ↔ талқылады); roots of four letters or more. */
export function kazakhVerbForms(word: string): string[] {
  if (isCapitalised(word)) return [];
  const typed = word.toLocaleLowerCase("kk");
  if (!cyrillicWord.test(typed)) return [];
  const verbalNoun = /^(.{4,})у$/u.exec(typed);
  if (verbalNoun !== null) {
    const past = kazakhPast(verbalNoun[1]!);
    return past === undefined ? [] : others([past], typed);
  }
  const past = /^(.{4,})[дт][ыі]$/u.exec(typed);
  if (past !== null) return others([`${past[1]}у`], typed);
  return [];
}

function others(forms: readonly string[], typed: string): string[] {
  return [...new Set(forms)].filter((form) => !typed.startsWith(form));
}

const isCapitalised = (word: string) => /^\p{Lu}/u.test(word);
