/**
 * Names across scripts (issue 31): the region writes its names in Cyrillic and in Latin, several ways
 * each (Тоқаев, Токаев, Tokayev, Tokaev, Toqaev). A query word in one script is matched with its
 * spellings in the other: Latin to Cyrillic for the Russian, Kazakh and other (uz, ky, tg) fields,
 * Cyrillic to Latin for the English (and other) fields. A few spellings per word, not every one: the
 * folded fields already equate қ/к, ғ/г, ң/н, ү/ұ/у, ө/о, ә/а, і/и, ё/е.
 */

const vowelsCyrillic = new Set([..."аеёиоуыэюяәөүұіў"]);
const vowelsLatin = new Set([..."aeiouy"]);

/** Cyrillic letters to Latin: the spelling English texts of the region use (BGN/PCGN-like). */
const toLatin: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "yo",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
  ә: "a",
  ғ: "g",
  қ: "k",
  ң: "ng",
  ө: "o",
  ұ: "u",
  ү: "u",
  һ: "h",
  і: "i",
  ў: "o",
  ҳ: "h",
  ҷ: "j",
  ӣ: "i",
  ӯ: "u",
};
/** The other common spellings: е as e after a vowel, х as h, ж as j, the Kazakh and Uzbek Latin letters. */
const toLatinAlternative: Record<string, string> = { х: "h", ж: "j", қ: "q", ғ: "g'", ў: "o'", ң: "n", й: "i" };

/** A Cyrillic word's Latin spellings: the English one (`Токаев` → Tokayev), and the plainer ones (Tokaev, Toqaev). */
export function latinSpellings(word: string): string[] {
  const letters = [...word.toLocaleLowerCase("ru")];
  if (!letters.every((letter) => letter in toLatin)) return [];
  const spell = (alternative: boolean, yeAfterVowel: boolean) =>
    letters
      .map((letter, i) => {
        const previous = letters[i - 1];
        // е (and э-like е) at the start or after a vowel is "ye" in English spellings: Tokayev, Yerlan.
        if (letter === "е" && yeAfterVowel && (previous === undefined || vowelsCyrillic.has(previous))) return "ye";
        return (alternative ? toLatinAlternative[letter] : undefined) ?? toLatin[letter];
      })
      .join("");
  return [...new Set([spell(false, true), spell(false, false), spell(true, false)])];
}

/** Latin letter groups to Cyrillic, the longest first. `j` is дж in Russian spelling, ж in Kazakh and Kyrgyz. */
const toCyrillic: [string, string[]][] = [
  ["shch", ["щ"]],
  ["sh", ["ш"]],
  ["ch", ["ч"]],
  ["zh", ["ж"]],
  ["kh", ["х"]],
  ["ts", ["ц"]],
  ["yo", ["ё"]],
  ["yu", ["ю"]],
  ["ya", ["я"]],
  ["ye", ["е"]],
  ["o'", ["ў", "о"]],
  ["g'", ["ғ", "г"]],
  ["gh", ["ғ"]],
  ["ng", ["нг", "ң"]],
  ["j", ["дж", "ж"]],
  ["q", ["к", "қ"]],
  ["x", ["х"]],
  ["h", ["х"]],
  ["c", ["ц"]],
  ["w", ["у"]],
  ["a", ["а"]],
  ["b", ["б"]],
  ["d", ["д"]],
  ["e", ["е"]],
  ["f", ["ф"]],
  ["g", ["г"]],
  ["i", ["и"]],
  ["k", ["к"]],
  ["l", ["л"]],
  ["m", ["м"]],
  ["n", ["н"]],
  ["o", ["о"]],
  ["p", ["п"]],
  ["r", ["р"]],
  ["s", ["с"]],
  ["t", ["т"]],
  ["u", ["у"]],
  ["v", ["в"]],
  ["y", ["й"]],
  ["z", ["з"]],
];

/** Every apostrophe the region types in Latin Uzbek and Kazakh (ʻ ʼ ’ ` ‘) as `'`. */
const plainApostrophes = (word: string) => word.replace(/[ʻʼ’`‘]/g, "'");

/** A word as query words and list forms are compared: lower case, ё as е, every apostrophe as `'`. */
export const comparableWord = (word: string) => plainApostrophes(word.toLocaleLowerCase("ru").replaceAll("ё", "е"));

/**
 * A Latin word's Cyrillic spellings: the Russian one (`Tokayev` → Токаев, `Japarov` → Джапаров) and one
 * with the region's letters (Жапаров, `Toqaev` → Тоқаев, `O'zbekiston` → Ўзбекистон). At most two.
 */
export function cyrillicSpellings(word: string): string[] {
  const latin = plainApostrophes(word.toLowerCase());
  if (!/^[a-z']+$/.test(latin) || !/[a-z]/.test(latin)) return [];
  const spell = (variant: 0 | 1) => {
    let out = "";
    for (let i = 0; i < latin.length; ) {
      const previous = latin[i - 1];
      const [group, letters] = toCyrillic.find(([group]) => latin.startsWith(group, i)) ?? ["'", [""]];
      let letter = letters[Math.min(variant, letters.length - 1)]!;
      // y after a consonant is ы (Almaty → Алматы); before a vowel it was taken as ya/yo/yu/ye above.
      if (group === "y" && previous !== undefined && !vowelsLatin.has(previous)) letter = "ы";
      // e at the start of a word is э in Russian spelling of foreign words, е in the region's names: keep е.
      out += letter;
      i += group.length;
    }
    return out;
  };
  return [...new Set([spell(0), spell(1)])].filter((spelling) => spelling !== "");
}

/** Whether a word is written in Latin letters (and apostrophes) only. */
export const isLatinWord = (word: string) => /^[A-Za-z][A-Za-z'ʻʼ’`‘]*$/.test(word);
/** Whether a word is written in Cyrillic letters only. */
export const isCyrillicWord = (word: string) => /^\p{Script=Cyrillic}+$/u.test(word);
