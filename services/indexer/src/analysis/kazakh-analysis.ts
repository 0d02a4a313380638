/**
 * A light Kazakh stemmer built from ordered `pattern_replace` token filters, so it runs inside
 * OpenSearch (index and query time) with no plugin. Kazakh nouns take suffixes in a fixed order,
 * stem + plural + possessive + case; the stemmer strips them in reverse (at most one of each), then
 * undoes the voicing of a final consonant (министрлігі → министрліг → министрлік). A suffix is
 * stripped only when it agrees in vowel harmony with the stem's last vowel (back а о ұ ы я; front
 * ә ө ү і е э и; у and ю are neutral) and leaves a stem of at least two letters. Lemmas that merely
 * end like a suffix are protected: every rule begins by refusing them. Design, measured recall and
 * cost: docs/adr/0003-language-analysis.md.
 */

const backVowels = "аоұыя";
const frontVowels = "әөүіеэи";
const notHarmonyVowel = `[^${backVowels}${frontVowels}]`;

/** Stems that end like a suffix but are whole words (checked after lower-casing). */
const protectedWords = [
  "елорда",
  "астана",
  "алматы",
  "бала",
  "дала",
  "қала",
  "ана",
  "ата",
  "аға",
  "іні",
  "әке",
  "бірге",
  "ғылыми",
  "туризм",
  "аудан",
  "отбасы",
  "ортасы",
];
/** Words ending in these are names of countries and regions (-стан) or are otherwise whole. */
const protectedEndings = ["стан"];

/** Suffixes of one stage that share a condition on the letter before them. */
interface SuffixGroup {
  back: string[];
  front: string[];
  /** Suffixes that fit either harmony. */
  neutral?: string[];
  /** Only after one of these letters (a character class body). */
  after?: string;
  /** Only after a stem that ends in one of these (then the harmony is the stem's business). */
  stemEndings?: string[];
}

/** After a consonant; у counts as one here (оңалту+дың, like азамат+тың). */
const afterConsonant = `^${backVowels}${frontVowels}юё`;
/**
 * Suffixes beginning т, қ, к, п follow voiceless consonants (жұмыс+та, президент+ті), and б, в, г, д
 * too, which are devoiced at the end of a stem (Бектенов+тің, Асылов+тың); д, ғ, г follow the others.
 */
const voiceless = "кқпстфхцчшщбвгд";
const afterVoicedConsonant = `^${backVowels}${frontVowels}юё${voiceless}`;
const afterVowel = `${backVowels}${frontVowels}`;

/** Common stems ending in -с, whose possessive -ы/-і would otherwise be read as -сы/-сі. */
const sEndingStems = [
  "жұмыс",
  "кеңес",
  "үдеріс",
  "процес",
  "прогрес",
  "конгрес",
  "бизнес",
  "іс",
  "ұрыс",
  "келіс",
  "табыс",
  "өріс",
  "дамыс",
  "байланыс",
  "қатынас",
  "сенімсіз",
];

/**
 * The stages, in stripping order; each strips at most one suffix. Finite verb endings first (they end
 * no noun: ескерт+еді), then case, possessive, plural (the noun's suffixes in reverse), then participles.
 */
const stages: { name: string; groups: SuffixGroup[] }[] = [
  { name: "verb", groups: [{ back: ["атын", "йтын", "ады", "йды"], front: ["етін", "йтін", "еді", "йді"] }] },
  {
    name: "case",
    groups: [
      // Russian-style surnames (-ов, -ев, -ин) take either harmony (Бектенов+тің, Асылов+тың,
      // Нысанбаев+тың): the suffix agrees with the name's root, not with -ов.
      {
        back: ["тың", "тан", "та", "қа", "ты"],
        front: ["тің", "тен", "те", "ке", "ті"],
        stemEndings: ["ов", "ев", "ёв", "ин", "ын"],
      },
      // Only after a possessive vowel: азаматы+на, азаматы+нда (but өзбекстан+да). First, or the plain
      // -да/-де below would take the locative of a possessive (көрмесі+нде read as көрмесін+де).
      { back: ["нда", "на"], front: ["нде", "не"], after: "ыі" },
      {
        back: ["ның", "нан", "дан", "да", "ға", "ны"],
        front: ["нің", "нен", "ден", "де", "ге", "ні"],
        neutral: ["мен", "бен"],
      },
      // Only after a voiced consonant: білім+ді (accusative), while азамат+ы is a possessive.
      { back: ["дың", "ды"], front: ["дің", "ді"], after: afterVoicedConsonant },
      // Only after a voiceless one: азамат+тың, жұмыс+та (so президент+і is not президен+ті).
      {
        back: ["тың", "тан", "та", "қа", "ты"],
        front: ["тің", "тен", "те", "ке", "ті"],
        neutral: ["пен"],
        after: voiceless,
      },
      // Accusative -н only where the possessive is sure: -сын, and after a plural (тұрғын is a word, not тұрғы+н).
      { back: ["н"], front: ["н"], stemEndings: ["сы", "сі", "лары", "дары", "тары", "лері", "дері", "тері"] },
    ],
  },
  {
    name: "possessive",
    groups: [
      // "Our" and formal "your"; "my" and "your" (-ым, -ың) are left: rare in releases, and they end many stems (білім, ұйым).
      { back: ["ымыз", "мыз", "ыңыз", "ңыз"], front: ["іміз", "міз", "іңіз", "ңіз"] },
      // Stems ending in -с take -ы/-і (жұмыс+ы); without a dictionary they look like vowel stems with
      // -сы/-сі (операция+сы), so the common ones are listed.
      { back: ["ы"], front: ["і"], stemEndings: sEndingStems },
      // The third person's -сы/-сі on a stem that ends in -ы/-і, which the bare word loses too
      // (оқушы → оқуш, so оқушы+сы → оқуш; жалақы+сы → жалақ): both reach the same stem.
      { back: ["ысы"], front: ["ісі"], after: afterConsonant },
      { back: ["сы"], front: ["сі"], after: afterVowel },
      { back: ["ы"], front: ["і"], after: afterConsonant },
    ],
  },
  { name: "plural", groups: [{ back: ["лар", "дар", "тар"], front: ["лер", "дер", "тер"] }] },
  // A stem's own final -ы/-і after a consonant, as the bare word loses it in the possessive stage
  // (оқушы → оқуш): a plural reaches the same stem (оқушы+лар → оқушы → оқуш).
  { name: "stem_vowel", groups: [{ back: ["ы"], front: ["і"], after: afterConsonant }] },
  { name: "participle", groups: [{ back: ["ған", "қан"], front: ["ген", "кен"] }] },
];

const alternation = (suffixes: readonly string[]) => [...suffixes].sort((a, b) => b.length - a.length).join("|");

/** The longest run of consonants and neutral vowels a stem may end in after its last harmony vowel. */
const maxTrailingConsonants = 12;

/**
 * A condition on the stem just before a suffix, as a lookbehind (lookbehinds need a bounded length:
 * a stem may end in at most `maxTrailingConsonants` letters after its last harmony vowel).
 */
function stemCondition(group: SuffixGroup, vowelClass: string): string {
  if (group.stemEndings !== undefined) return `(?<=${alternation(group.stemEndings)})`;
  const vowelEnd = group.after !== undefined && [...group.after].every((letter) => afterVowel.includes(letter));
  // A stem ending in a vowel carries the harmony itself (and keeps three letters: дін is a word, not ді+н).
  if (vowelEnd) return `(?<=..[${[...vowelClass].filter((letter) => group.after!.includes(letter)).join("")}])`;
  // Otherwise its last harmony vowel does, followed by consonants (or neutral у, ю) up to the stem's end.
  return group.after === undefined
    ? `(?<=[${vowelClass}]${notHarmonyVowel}{0,${maxTrailingConsonants}})`
    : `(?<=[${vowelClass}]${notHarmonyVowel}{0,${maxTrailingConsonants - 1}}[${group.after}])`;
}

const harmonies = ["back", "front", "neutral"] as const;

/**
 * One stage as one pattern_replace: `^(?:(stem)suffix$|(stem)suffix$|…)`, one alternative per group
 * and harmony, tried in order (back, front, neutral; groups as listed), so the first that fits wins, as
 * the stage's rules are written. Each stem keeps at least two letters and meets its group's condition
 * (a lookbehind: harmony, the letter before); a stem is lazy only where one suffix of its group ends
 * another (-ымыз, -мыз), so the longest suffix wins, and greedy (found from the end) otherwise.
 *
 * Cost (ADR 0003): every alternative starts with a lookahead that runs to the word's end and looks
 * back for its suffixes, so a word that ends in none is refused at once, and the stem is tried only
 * for a suffix that is there. Without these the patterns tried every stem length against every suffix,
 * and the Kazakh chain cost 2.5 times as much per word.
 */
function stagePattern(groups: SuffixGroup[]): { pattern: string; groups: number } {
  const alternatives: string[] = [];
  const all: string[] = [];
  for (const harmony of harmonies)
    for (const group of groups) {
      const suffixes = harmony === "neutral" ? (group.neutral ?? []) : group[harmony];
      if (suffixes.length === 0) continue;
      const vowelClass =
        harmony === "back" ? backVowels : harmony === "front" ? frontVowels : `${backVowels}${frontVowels}`;
      const ending = `(?:${alternation(suffixes)})$`;
      // Greedy stems find the suffix from the end (cheap); where one suffix ends another (-ымыз, -мыз),
      // a lazy stem is needed for the longer one to win.
      const nested = suffixes.some((a) => suffixes.some((b) => a !== b && a.endsWith(b)));
      const stem = nested ? "(.{2,}?)" : "(.{2,})";
      const endsInOne = `(?=.*+(?<=..(?:${alternation(suffixes)})))`;
      alternatives.push(`${endsInOne}${stem}(?=${ending})${stemCondition(group, vowelClass)}${ending}`);
      all.push(...suffixes);
    }
  const unique = [...new Set(all)];
  return {
    pattern: `^(?=.*+(?<=..(?:${alternation(unique)})))${notProtected}(?:${alternatives.join("|")})`,
    groups: alternatives.length,
  };
}

/** Not a protected word: a negative lookahead at the start of every rule that changes a word. */
const notProtected = `(?!(?:${alternation(protectedWords)})$|.*+(?<=${alternation(protectedEndings)}))`;

/** The pattern_replace filter definitions, by name, in the order the analyzer applies them. */
export function kazakhStemmerFilters(): Record<string, object> {
  const filters: Record<string, object> = {};
  filters["kk_stop"] = { type: "stop", stopwords: kazakhStopwords };
  for (const stage of stages) {
    const built = stagePattern(stage.groups);
    const replacement = Array.from({ length: built.groups }, (_, i) => `$${i + 1}`).join("");
    filters[`kk_${stage.name}`] = { type: "pattern_replace", pattern: built.pattern, replacement, all: false };
  }
  for (const [name, voiced, voiceless] of [
    ["gh", "ғ", "қ"],
    ["g", "г", "к"],
    ["b", "б", "п"],
  ])
    filters[`kk_devoice_${name}`] = {
      type: "pattern_replace",
      pattern: `^(?=.*+(?<=..${voiced}))${notProtected}(.{2,})${voiced}$`,
      replacement: `$1${voiceless}`,
      all: false,
    };
  return filters;
}

/** Function words that carry no meaning for search. */
export const kazakhStopwords = [
  "және",
  "мен",
  "бен",
  "пен",
  "да",
  "де",
  "та",
  "те",
  "ал",
  "бірақ",
  "үшін",
  "бойынша",
  "туралы",
  "осы",
  "бұл",
  "сол",
  "ол",
  "олар",
  "біз",
  "сіз",
  "не",
  "немесе",
  "әрі",
  "ғана",
  "тек",
  "яғни",
  "сияқты",
  "арқылы",
  "дейін",
  "кейін",
];

/** The Kazakh analyzer: standard tokens, lower case, stop words, then the stemmer. */
export function kazakhAnalyzer(): { analyzer: object; filters: Record<string, object> } {
  const filters = kazakhStemmerFilters();
  return {
    analyzer: { type: "custom", tokenizer: "standard", filter: ["lowercase", ...Object.keys(filters)] },
    filters,
  };
}
