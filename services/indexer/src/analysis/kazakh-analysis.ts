/**
 * A light Kazakh stemmer, run inside OpenSearch (index and query time) by the token filters of our
 * analysis plugin (tools/opensearch-analysis, ADR 0030): one `gazette_suffix_stage` filter per stage,
 * given the rules below, then `gazette_final_letter` devoicing. The same rules also make the chain of
 * `pattern_replace` filters the stemmer was before (`kazakhRegexStemmerFilters`): the plugin is tested
 * to give the same tokens. Kazakh nouns take suffixes in a fixed order,
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

const harmonies = ["back", "front", "neutral"] as const;

/** One alternative of a stage, in the order the stage tries them: its vowels, condition and suffixes. */
interface StageAlternative {
  vowelClass: string;
  group: SuffixGroup;
  suffixes: string[];
}

/** A stage's alternatives in order: back, front, neutral harmony; groups as listed within each. */
function stageAlternatives(groups: SuffixGroup[]): StageAlternative[] {
  const alternatives: StageAlternative[] = [];
  for (const harmony of harmonies)
    for (const group of groups) {
      const suffixes = harmony === "neutral" ? (group.neutral ?? []) : group[harmony];
      if (suffixes.length === 0) continue;
      const vowelClass =
        harmony === "back" ? backVowels : harmony === "front" ? frontVowels : `${backVowels}${frontVowels}`;
      alternatives.push({ vowelClass, group, suffixes });
    }
  return alternatives;
}

/** Whether a group's condition is a vowel the stem ends in (`after` holds vowels only). */
const endsInVowel = (group: SuffixGroup) =>
  group.after !== undefined && [...group.after].every((letter) => afterVowel.includes(letter));

/**
 * An alternative as the plugin's `gazette_suffix_stage` reads it: `vowels|kind|argument|suffixes`
 * (kinds: harmony; after, with the letter class; vowel_end, with the vowels; stem_endings, with them).
 */
function pluginAlternative({ vowelClass, group, suffixes }: StageAlternative): string {
  const [kind, argument] =
    group.stemEndings !== undefined
      ? ["stem_endings", group.stemEndings.join(",")]
      : endsInVowel(group)
        ? ["vowel_end", [...vowelClass].filter((letter) => group.after!.includes(letter)).join("")]
        : group.after === undefined
          ? ["harmony", ""]
          : ["after", group.after];
  return `${vowelClass}|${kind}|${argument}|${suffixes.join(",")}`;
}

const protection = { protected_words: protectedWords, protected_endings: protectedEndings };

/** The stemmer's filters for the plugin, by name, in the order the analyzer applies them. */
export function kazakhStemmerFilters(): Record<string, object> {
  const filters: Record<string, object> = {};
  filters["kk_stop"] = { type: "stop", stopwords: kazakhStopwords };
  for (const stage of stages)
    filters[`kk_${stage.name}`] = {
      type: "gazette_suffix_stage",
      harmony_vowels: `${backVowels}${frontVowels}`,
      max_trailing: maxTrailingConsonants,
      ...protection,
      alternatives: stageAlternatives(stage.groups).map(pluginAlternative),
    };
  for (const [name, voiced, voiceless] of devoicing)
    filters[`kk_devoice_${name}`] = { type: "gazette_final_letter", from: voiced, to: voiceless, ...protection };
  return filters;
}

/** A final voiced consonant and the voiceless one it becomes (министрліг → министрлік), by filter name. */
const devoicing = [
  ["gh", "ғ", "қ"],
  ["g", "г", "к"],
  ["b", "б", "п"],
] as const;

// ---- The same rules as regular expressions: the stemmer as it was before the plugin (layout 6), kept
// ---- as the specification the plugin's filters are tested against (kazakh-plugin-equivalence.test.ts).

/** A condition on the stem just before a suffix, as a lookbehind (bounded: `maxTrailingConsonants`). */
function stemCondition(group: SuffixGroup, vowelClass: string): string {
  if (group.stemEndings !== undefined) return `(?<=${alternation(group.stemEndings)})`;
  // A stem ending in a vowel carries the harmony itself (and keeps three letters: дін is a word, not ді+н).
  if (endsInVowel(group))
    return `(?<=..[${[...vowelClass].filter((letter) => group.after!.includes(letter)).join("")}])`;
  // Otherwise its last harmony vowel does, followed by consonants (or neutral у, ю) up to the stem's end.
  return group.after === undefined
    ? `(?<=[${vowelClass}]${notHarmonyVowel}{0,${maxTrailingConsonants}})`
    : `(?<=[${vowelClass}]${notHarmonyVowel}{0,${maxTrailingConsonants - 1}}[${group.after}])`;
}

/**
 * One stage as one pattern_replace: `^(?:(stem)suffix$|(stem)suffix$|…)`, one alternative per group
 * and harmony, tried in order, so the first that fits wins. Each alternative starts with a lookahead
 * that runs to the word's end and looks back for its suffixes, so a word that ends in none is refused
 * at once (ADR 0003); a stem is lazy only where one suffix of its group ends another (-ымыз, -мыз).
 */
function stagePattern(groups: SuffixGroup[]): { pattern: string; groups: number } {
  const alternatives = stageAlternatives(groups).map(({ vowelClass, group, suffixes }) => {
    const ending = `(?:${alternation(suffixes)})$`;
    const nested = suffixes.some((a) => suffixes.some((b) => a !== b && a.endsWith(b)));
    const stem = nested ? "(.{2,}?)" : "(.{2,})";
    const endsInOne = `(?=.*+(?<=..(?:${alternation(suffixes)})))`;
    return `${endsInOne}${stem}(?=${ending})${stemCondition(group, vowelClass)}${ending}`;
  });
  const unique = [...new Set(stageAlternatives(groups).flatMap(({ suffixes }) => suffixes))];
  return {
    pattern: `^(?=.*+(?<=..(?:${alternation(unique)})))${notProtected}(?:${alternatives.join("|")})`,
    groups: alternatives.length,
  };
}

/** Not a protected word: a negative lookahead at the start of every rule that changes a word. */
const notProtected = `(?!(?:${alternation(protectedWords)})$|.*+(?<=${alternation(protectedEndings)}))`;

/** The stemmer as `pattern_replace` filters (layout 6 and before): the specification of the plugin's. */
export function kazakhRegexStemmerFilters(): Record<string, object> {
  const filters: Record<string, object> = {};
  filters["kk_stop"] = { type: "stop", stopwords: kazakhStopwords };
  for (const stage of stages) {
    const built = stagePattern(stage.groups);
    const replacement = Array.from({ length: built.groups }, (_, i) => `$${i + 1}`).join("");
    filters[`kk_${stage.name}`] = { type: "pattern_replace", pattern: built.pattern, replacement, all: false };
  }
  for (const [name, voiced, voiceless] of devoicing)
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
