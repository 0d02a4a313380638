/**
 * Official abbreviations as query-time synonyms (issue 31): `МИД` also finds «Министерство иностранных
 * дел», «Сыртқы істер министрлігі», `MFA`, and the other way round. A matched span of the query becomes
 * a `simple_query_string` group, `(МИД | "министерство иностранных дел" | …)`, holding the forms the
 * language's fields can match (a Kazakh name matches only Kazakh text), so a query stays within
 * OpenSearch's clause limit however many languages a group has.
 */
import type { AnalysisLanguage } from "@gazette/shared";
import { officialAbbreviations, type AbbreviationGroup, type FormLanguage } from "./official-abbreviations.ts";
import { lightStems } from "./light-stemmer.ts";
import { kazakhVerbForms, russianVerbForms } from "./verb-forms.ts";
import { hyphenatedNameForms } from "./hyphenated-names.ts";
import { fleetingVowelForms, russianPrepositionVariants } from "./fleeting-vowels.ts";
import { placeOf, placeQueryTerms } from "./place-names.ts";
import { cyrillicSpellings, isCyrillicWord, isLatinWord, latinSpellings, comparableWord } from "./transliteration.ts";

/** The fields a form of each language is matched in (Uzbek, Kyrgyz, Tajik: the unstemmed `other` ones). */
export const analysisLanguageOfForm: Record<FormLanguage, AnalysisLanguage> = {
  ru: "ru",
  kk: "kk",
  en: "en",
  uz: "other",
  ky: "other",
  tg: "other",
};

/** Lower case, `ё` as `е`, every apostrophe as `'`: how words are compared. */
const comparable = comparableWord;

/**
 * Two words of a name (both `comparable` already) are the same word in another form: equal, or alike
 * but for an ending of ≤ 3 letters.
 */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 3 && common >= Math.min(a.length, b.length) - 3 && Math.abs(a.length - b.length) <= 4;
}

/**
 * A typed word is an abbreviation of the list: a Latin one, or one of two letters, as typed in capitals
 * (`UN`, `WHO`, `РК`: `un`, `who`, `ес` are words); a longer Cyrillic one in any case (`мид`).
 */
function sameAbbreviation(typed: string, comparableTyped: string, form: Form): boolean {
  if (typed === form.text) return true;
  return form.anyCase && comparableTyped === form.comparableWords[0];
}

interface Form {
  words: string[];
  /** The words as compared (`comparable`), made once. */
  comparableWords: string[];
  /** An abbreviation that counts in any case (Cyrillic, three letters or more). */
  anyCase: boolean;
  text: string;
  language: AnalysisLanguage;
  /** The language the form is written in (`uz`, not the `other` fields it is matched in). */
  formLanguage: FormLanguage;
  group: AbbreviationGroup;
}

const forms: Form[] = officialAbbreviations.flatMap((group) =>
  group.forms.map(([language, text]) => ({
    words: text.split(/\s+/),
    comparableWords: text.split(/\s+/).map(comparable),
    anyCase: !/[A-Za-z]/.test(text) && [...text].length > 2,
    text,
    language: analysisLanguageOfForm[language],
    formLanguage: language,
    group,
  })),
);
/** Names before abbreviations, the longest first: «Министерство иностранных дел» is not three words. */
const byLength = [...forms].sort((a, b) => b.words.length - a.words.length);

/** A plain word of the query: no operator, quote or wildcard (those are left as typed). */
const plain = (token: string) => /^[\p{L}\p{N}'ʻʼ’`‘.-]+$/u.test(token) && !token.startsWith("-");

/** Where the query names a group, from token `start`, and how many tokens it takes. */
function matchAt(
  tokens: readonly string[],
  compared: readonly string[],
  plainUpTo: readonly number[],
  start: number,
): { group: AbbreviationGroup; length: number; language: FormLanguage } | undefined {
  for (const form of byLength) {
    const length = form.words.length;
    // Every token of the span plain (`plainUpTo[i]`: how many plain tokens start at i).
    if (start + length > tokens.length || plainUpTo[start]! < length) continue;
    const matches =
      length === 1
        ? sameAbbreviation(tokens[start]!, compared[start]!, form)
        : form.comparableWords.every((word, i) => sameWord(compared[start + i]!, word));
    if (matches) return { group: form.group, length: form.words.length, language: form.formLanguage };
  }
  return undefined;
}

/** A query's tokens, with the groups it names (`group` set on the first token of each span). */
export interface SynonymSpan {
  tokens: string[];
  group?: AbbreviationGroup;
  /** The language of the form the span was typed as (`MFA`: en, `СІМ`: kk). */
  language?: FormLanguage;
}

/** Splits a query into spans: words as typed, and the spans that name a group. Quoted queries are left alone. */
export function synonymSpans(q: string): SynonymSpan[] {
  const tokens = q.split(/\s+/).filter((token) => token !== "");
  if (q.includes('"')) return tokens.map((token) => ({ tokens: [token] }));
  // Each token compared and tested once, not once per form of the list.
  const compared = tokens.map(comparable);
  const plainUpTo = new Array<number>(tokens.length + 1).fill(0);
  for (let i = tokens.length - 1; i >= 0; i--) plainUpTo[i] = plain(tokens[i]!) ? plainUpTo[i + 1]! + 1 : 0;
  const spans: SynonymSpan[] = [];
  for (let i = 0; i < tokens.length; ) {
    const found = matchAt(tokens, compared, plainUpTo, i);
    if (found === undefined) {
      spans.push({ tokens: [tokens[i]!] });
      i++;
    } else {
      spans.push({ tokens: tokens.slice(i, i + found.length), group: found.group, language: found.language });
      i += found.length;
    }
  }
  return spans;
}

/** Names: a capitalised word, or the query's only word (`tokayev`); not `with` or `talks` in a phrase. */
function isName(word: string, alone: boolean): boolean {
  if (!plain(word) || [...word].length < 4) return false;
  return alone || word.charAt(0) !== word.charAt(0).toLocaleLowerCase("ru");
}

/** The languages whose place names each language's fields hold (`other`: Uzbek, Kyrgyz, Tajik). */
const formLanguagesOf: Record<AnalysisLanguage, readonly FormLanguage[]> = {
  ru: ["ru"],
  kk: ["kk"],
  en: ["en"],
  other: ["uz", "ky", "tg"],
};

/** Names are searched in short queries: a longer one (a pasted paragraph) is matched in its own script. */
const maxTransliteratedWords = 8;

/**
 * A word's spellings in the other script that a language's fields can match: Latin words in Cyrillic
 * for the Russian, Kazakh and other fields (`Tokayev` → Токаев), Cyrillic words in Latin for the
 * English and other fields (`Тоқаев` → Tokayev, Toqaev), and a Latin word's usual English spelling
 * for the English fields (`Tokaev` → Tokayev). Only names: capitalised words, or a query of one word;
 * words of fewer than four letters are left as typed.
 */
function otherScriptSpellings(word: string, language: AnalysisLanguage, alone: boolean): string[] {
  if (!isName(word, alone)) return [];
  const typed = word.toLocaleLowerCase("ru");
  const spellings = isLatinWord(word)
    ? language === "en"
      ? cyrillicSpellings(word).flatMap((cyrillic) => latinSpellings(cyrillic).slice(0, 1))
      : cyrillicSpellings(word)
    : isCyrillicWord(word) && (language === "en" || language === "other")
      ? latinSpellings(word)
      : [];
  return [...new Set(spellings)].filter((spelling) => spelling !== typed && !spelling.includes("'"));
}

/** The most forms one group adds for a language: bounds the clauses a query costs. */
export const maxFormsPerGroup = 8;

/**
 * A word for the unstemmed `other` fields (Uzbek, Kyrgyz, Tajik): itself, or its light stems as
 * prefixes (`долбоорлордун` → `(долбоорлордун | долбоор*)`). Words of fewer than five letters, operators
 * and quoted words are left as typed.
 */
function stemmedWord(typed: string): string {
  if (!plain(typed) || [...typed].length < 5 || !/^[\p{L}'ʻʼ’`‘]+$/u.test(typed)) return typed;
  const stems = lightStems(typed);
  // A stem that begins with a shorter one adds nothing as a prefix.
  const cover = stems.filter((stem, i) => !stems.slice(0, i).some((shorter) => stem.startsWith(shorter)));
  return `(${[typed, ...cover.map((stem) => `${stem}*`)].join(" | ")})`;
}

/**
 * A Russian or Kazakh word with its verb's other forms (`одобрить` → `(одобрить | одобрил | одобрен)`),
 * a Russian hyphenated name with its last part's other cases (`Чолпон-Ата` → `(… | Чолпон-Ате | …)`) and a
 * Russian noun in its shape with or without a fleeting vowel (`посол` → `(посол | посла)`), which the
 * fields' stemmers do not bring together (verb-forms.ts, hyphenated-names.ts, fleeting-vowels.ts).
 * Other words are left as typed.
 */
function withWordForms(typed: string, language: AnalysisLanguage): string {
  if (!plain(typed) || (language !== "ru" && language !== "kk")) return typed;
  const others =
    language === "ru"
      ? [...russianVerbForms(typed), ...hyphenatedNameForms(typed), ...fleetingVowelForms(typed)]
      : kazakhVerbForms(typed);
  return others.length === 0 ? typed : `(${[typed, ...others].join(" | ")})`;
}

/** A group's span as one language's fields match it: `(typed | form | …)`, or the words as typed. */
function groupAlternatives(span: SynonymSpan, language: AnalysisLanguage, maxForms = maxFormsPerGroup): string {
  const typed = span.tokens.join(" ");
  if (span.group === undefined) return language === "other" ? stemmedWord(typed) : withWordForms(typed, language);
  // Without a stemmer (Uzbek, Kyrgyz, Tajik: the `other` fields), a name's words are matched as
  // prefixes, all of them (`ташқи ишлар вазирлиги` finds «вазирлигида»); a stemmed language matches the phrase.
  const quote = (text: string) =>
    !/\s/.test(text)
      ? text
      : language === "other"
        ? `(${text
            .split(/\s+/)
            .map((word) => ([...word].length >= 5 ? `${word}*` : word))
            .join(" + ")})`
        : `"${text}"`;
  const alternatives = [
    typed,
    ...forms
      .filter((form) => form.group === span.group && form.language === language)
      .map((form) => form.text)
      .filter((text) => comparable(text) !== comparable(typed))
      .slice(0, maxForms),
  ];
  return alternatives.length === 1 ? quote(typed) : `(${alternatives.map(quote).join(" | ")})`;
}

/**
 * The query as one language's fields match it: each span naming a group becomes `(typed | form | …)`
 * with the group's forms in that language (phrases quoted), the words as typed otherwise.
 */
export function expandForLanguage(
  spans: readonly SynonymSpan[],
  language: AnalysisLanguage,
  maxForms = maxFormsPerGroup,
): string {
  // `ко`, `обо`, … are function words the Russian index keeps (fleeting-vowels.ts): left out of a Russian query of other words.
  const kept =
    language === "ru" && spans.length > 1
      ? spans.filter(
          (span) =>
            span.group !== undefined ||
            span.tokens.length !== 1 ||
            !russianPrepositionVariants.has(span.tokens[0]!.toLocaleLowerCase("ru")),
        )
      : spans;
  return (kept.length === 0 ? spans : kept).map((span) => groupAlternatives(span, language, maxForms)).join(" ");
}

/**
 * The query with its names also in the other script, for one language's unstemmed (`.words`) fields, or
 * undefined when it names none there. A stemmer would make a spelling that is not quite the name's
 * (`Tokyo` → «токё») match what merely shares its stem («Токаев» → `ток`): unstemmed words and prefixes
 * (`токаев*` finds «Токаева») keep a name a name. Quoted and long queries are left alone.
 */
export function transliteratedForLanguage(
  spans: readonly SynonymSpan[],
  language: AnalysisLanguage,
): string | undefined {
  if (spans.length > maxTransliteratedWords || spans.some((span) => span.tokens.some((token) => token.includes('"'))))
    return undefined;
  let spelt = false;
  const prefix = (word: string) => ([...word].length >= 5 ? `${word}*` : word);
  const query = spans
    .map((span) => {
      if (span.group !== undefined || span.tokens.length !== 1) return groupAlternatives(span, language);
      const typed = span.tokens[0]!;
      // An excluded word is excluded in every spelling (`Tokayev -Bishkek` leaves out «Бишкеке» too).
      const excluded = typed.startsWith("-") && !typed.startsWith("--");
      const word = excluded ? typed.slice(1) : typed;
      const spellings = otherScriptSpellings(word, language, spans.length === 1).map(prefix);
      const place = isName(word, spans.length === 1) ? placeOf(word) : undefined;
      const names = place === undefined ? [] : placeQueryTerms(place, formLanguagesOf[language]);
      if (spellings.length === 0 && names.length === 0) return plain(typed) ? prefix(typed) : typed;
      spelt = true;
      return `${excluded ? "-" : ""}(${[...new Set([prefix(word), ...spellings, ...names])].join(" | ")})`;
    })
    .join(" ");
  return spelt ? query : undefined;
}

/** How many words a query string matches by (for the clause budget; a hyphenated word counts each part). */
export function wordCount(query: string): number {
  return query.split(/[\s|()"+-]+/).filter((word) => word !== "").length;
}

/**
 * The language the query's abbreviations and names are written in, when they agree (`MFA`: en;
 * `ҚР СІМ`: kk): releases in it rank first among equals. Undefined when none or they disagree.
 */
export function typedFormLanguage(spans: readonly SynonymSpan[]): FormLanguage | undefined {
  const languages = new Set(spans.flatMap((span) => (span.language === undefined ? [] : [span.language])));
  return languages.size === 1 ? [...languages][0] : undefined;
}
