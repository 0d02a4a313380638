/**
 * Words that mix Latin and Cyrillic look-alike letters, as pasted text often has them (a Cyrillic `Т`
 * inside an English word, a Latin `o` inside a Russian name), are written in one script before they
 * are indexed or searched: the letters that look alike are turned into the script most of the word's
 * other letters are in. Words in one script, and words with letters that have no look-alike in the
 * other script, keep those letters as they are.
 */

/** Cyrillic letter → the Latin letter it looks like (upper and lower case). */
const cyrillicToLatin: Record<string, string> = {
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  У: "Y",
  І: "I",
  Ј: "J",
  Ѕ: "S",
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  у: "y",
  х: "x",
  і: "i",
  ј: "j",
  ѕ: "s",
  һ: "h",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
};
const latinToCyrillic: Record<string, string> = Object.fromEntries(
  Object.entries(cyrillicToLatin).map(([cyrillic, latin]) => [latin, cyrillic]),
);

const cyrillicLetter = /\p{Script=Cyrillic}/u;
const latinLetter = /\p{Script=Latin}/u;
/**
 * A run of letters (and their marks): a word. A word is mixed when it has a letter of each script.
 * (One pattern for "a run with both scripts" backtracked over every start and split of every word: it
 * was two thirds of the indexer's time.)
 */
const letterRun = /[\p{L}\p{M}]+/gu;
const isMixed = (word: string) => cyrillicLetter.test(word) && latinLetter.test(word);

/** Letters of each script that have no look-alike in the other: they say which script a word is in. */
function telling(text: string): { cyrillic: number; latin: number } {
  let cyrillic = 0;
  let latin = 0;
  for (const letter of text) {
    if (cyrillicLetter.test(letter) && cyrillicToLatin[letter] === undefined) cyrillic++;
    else if (latinLetter.test(letter) && latinToCyrillic[letter] === undefined) latin++;
  }
  return { cyrillic, latin };
}

function unmixWord(word: string, textIsCyrillic: boolean | undefined): string {
  const { cyrillic, latin } = telling(word);
  // A word of look-alikes only (or a tie) follows the text around it, else its first letter.
  const first = [...word].find((letter) => cyrillicLetter.test(letter) || latinLetter.test(letter)) ?? "";
  const isCyrillic = cyrillic !== latin ? cyrillic > latin : (textIsCyrillic ?? cyrillicLetter.test(first));
  const table = isCyrillic ? latinToCyrillic : cyrillicToLatin;
  return [...word].map((letter) => table[letter] ?? letter).join("");
}

/** `text` with every word that mixes Latin and Cyrillic look-alikes written in its main script. */
export function unmixScripts(text: string): string {
  // Most texts are in one script: nothing to look at word by word.
  if (!isMixed(text)) return text;
  let textIsCyrillic: boolean | undefined | null = null;
  return text.replace(letterRun, (word) => {
    if (!isMixed(word)) return word;
    if (textIsCyrillic === null) {
      const { cyrillic, latin } = telling(text);
      textIsCyrillic = cyrillic === latin ? undefined : cyrillic > latin;
    }
    return unmixWord(word, textIsCyrillic);
  });
}
