/**
 * Hyphenated Russian place names in their other cases (issue 31, item 3): «Чолпон-Ата» in the text of
 * one release is «Чолпон-Ате» or «Чолпон-Ату» in another, and only the last part declines. The
 * standard tokenizer splits the name at the hyphen, and Russian's light stemmer leaves a part of three
 * letters as it is (`ата`, `ате`), so the forms never meet in the index. On the query side such a name
 * is also asked in the other case forms of its last part, which the field's analyzer then reads as it
 * reads the text: no new analysis in the index, no reindex. A form that is no word matches nothing.
 *
 * Only a last part that is short enough to escape the stemmer (a stem of two letters, then a
 * first-declension ending: `-Ата`, `-Аты`, `-Ате`, `-Ату`, `-Атой`); longer parts (Иссык-Куль, Кара-Балта)
 * are stemmed alike already.
 */

const hyphenatedName =
  /^([\p{Script=Cyrillic}]+(?:-[\p{Script=Cyrillic}]+)*-)([\p{Script=Cyrillic}]{2})(а|я|ы|и|е|у|ю|ой|ей|ою|ею)$/u;

/** A feminine noun's case endings (nominative, genitive, dative/prepositional, accusative, instrumental), hard and soft. */
const hardEndings = ["а", "ы", "е", "у", "ой"];
const softEndings = ["я", "и", "е", "ю", "ей"];

/** The other case forms of a hyphenated name's short last part (`Чолпон-Ата` → `Чолпон-Ате`, …); none for other words. */
export function hyphenatedNameForms(word: string): string[] {
  const match = hyphenatedName.exec(word);
  if (match === null) return [];
  const [, head, stem, typedEnding] = match;
  // -е and -и end both kinds of stem: then both sets are asked.
  const endings = ["а", "ы", "у", "ой", "ою"].includes(typedEnding!)
    ? hardEndings
    : ["я", "ю", "ей", "ею"].includes(typedEnding!)
      ? softEndings
      : [...new Set([...hardEndings, ...softEndings])];
  const typed = word.toLocaleLowerCase("ru");
  return endings.map((ending) => `${head}${stem}${ending}`).filter((form) => form.toLocaleLowerCase("ru") !== typed);
}
