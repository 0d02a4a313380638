/**
 * A light Kazakh stemmer built from ordered `pattern_replace` token filters, so it runs inside
 * OpenSearch (index and query time) with no plugin. Kazakh nouns take suffixes in a fixed order,
 * stem + plural + possessive + case; the stemmer strips them in reverse (at most one of each), then
 * undoes the voicing of a final consonant (министрлігі → министрліг → министрлік). A suffix is
 * stripped only when it agrees in vowel harmony with the stem's last vowel (back а о ұ ы я; front
 * ә ө ү і е э и; у and ю are neutral) and leaves a stem of at least two letters. Lemmas that merely
 * end like a suffix are protected. Design and measured recall: docs/adr/0003-language-analysis.md.
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

/** Marks a protected word with a trailing U+2063 (invisible separator): no later `$`-anchored rule matches it. */
const protectMark = "\u2063";

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
      { back: ["сы"], front: ["сі"], after: afterVowel },
      { back: ["ы"], front: ["і"], after: afterConsonant },
    ],
  },
  { name: "plural", groups: [{ back: ["лар", "дар", "тар"], front: ["лер", "дер", "тер"] }] },
  { name: "participle", groups: [{ back: ["ған", "қан"], front: ["ген", "кен"] }] },
];

const alternation = (suffixes: readonly string[]) => [...suffixes].sort((a, b) => b.length - a.length).join("|");

/**
 * One stage for one harmony: `^(stem)(suffix)$` with a choice per group, where the stem's last
 * harmony vowel is of `vowelClass` (any vowel for neutral suffixes) and the stem keeps ≥ 2 letters.
 * Stems match lazily, so the longest suffix that fits is stripped (операция+сы, not операцияс+ы).
 * Each alternative captures its own stem: the replacement `$1$2…` keeps whichever matched.
 */
function stagePattern(
  groups: SuffixGroup[],
  harmony: "back" | "front" | "neutral",
): { pattern: string; groups: number } | undefined {
  const vowelClass =
    harmony === "back" ? backVowels : harmony === "front" ? frontVowels : `${backVowels}${frontVowels}`;
  const alternatives = groups.flatMap((group) => {
    const suffixes = harmony === "neutral" ? (group.neutral ?? []) : group[harmony];
    if (suffixes.length === 0) return [];
    if (group.stemEndings !== undefined)
      return [`(.*?(?:${alternation(group.stemEndings)}))(?:${alternation(suffixes)})`];
    // A stem ending in a vowel carries the harmony itself; otherwise its last harmony vowel does.
    const vowelEnd = group.after !== undefined && [...group.after].every((letter) => afterVowel.includes(letter));
    // After a possessive vowel, the stem keeps at least three letters (дін is a word, not ді+н).
    const stem = vowelEnd
      ? `.{2,}?[${[...vowelClass].filter((letter) => group.after!.includes(letter)).join("")}]`
      : `.*?[${vowelClass}]${notHarmonyVowel}*?${group.after === undefined ? "" : `[${group.after}]`}`;
    return [`(${stem})(?:${alternation(suffixes)})`];
  });
  if (alternatives.length === 0) return undefined;
  const all = alternation(groups.flatMap((group) => (harmony === "neutral" ? (group.neutral ?? []) : group[harmony])));
  return { pattern: `^(?=.{2,}?(?:${all})$)(?:${alternatives.join("|")})$`, groups: alternatives.length };
}

/** The pattern_replace filter definitions, by name, in the order the analyzer applies them. */
export function kazakhStemmerFilters(): Record<string, object> {
  const filters: Record<string, object> = {};
  filters["kk_stop"] = { type: "stop", stopwords: kazakhStopwords };
  const protect = {
    type: "pattern_replace",
    pattern: `^((?:${alternation(protectedWords)})|.*(?:${alternation(protectedEndings)}))$`,
    replacement: `$1${protectMark}`,
    all: false,
  };
  filters["kk_protect"] = protect;
  for (const stage of stages) {
    // A word is back or front, so at most one harmony's filter strips in a stage.
    for (const harmony of ["back", "front", "neutral"] as const) {
      const built = stagePattern(stage.groups, harmony);
      if (built === undefined) continue;
      const replacement = Array.from({ length: built.groups }, (_, i) => `$${i + 1}`).join("");
      filters[`kk_${stage.name}_${harmony}`] = {
        type: "pattern_replace",
        pattern: built.pattern,
        replacement,
        all: false,
      };
    }
    // What a stage left may be a protected word (отбасының → отбасы): keep it whole from here on.
    filters[`kk_protect_after_${stage.name}`] = protect;
  }
  filters["kk_devoice_gh"] = { type: "pattern_replace", pattern: "^(.{2,})ғ$", replacement: "$1қ", all: false };
  filters["kk_devoice_g"] = { type: "pattern_replace", pattern: "^(.{2,})г$", replacement: "$1к", all: false };
  filters["kk_devoice_b"] = { type: "pattern_replace", pattern: "^(.{2,})б$", replacement: "$1п", all: false };
  filters["kk_unprotect"] = { type: "pattern_replace", pattern: protectMark, replacement: "", all: true };
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
