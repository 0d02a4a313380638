/**
 * What a person types, as an OpenSearch query (ADR 0005). The query is matched language by language:
 * every term must match within one language's fields, analysed by that language's own chain, so a
 * function word the language drops (в, и, of, the, мен) is dropped there too, and the best language
 * wins (`dis_max`). Within a language: the stemmed fields, and the folded ones (ё/е, diacritics,
 * Kazakh letters typed on a Russian layout), stemmed and not. A title that holds the query as a phrase ranks above one
 * that merely holds its words, and the title as a whole above everything.
 * `simple_query_string` keeps its promises for hostile input: `"phrases"`, `-not`, `a | b`, `prefix*`,
 * and no syntax ever fails.
 */
import { analysisLanguages, searchFieldNames, unmixScripts, type AnalysisLanguage } from "@gazette/shared";
import { distance } from "fastest-levenshtein";
import {
  expandForLanguage,
  maxFormsPerGroup,
  synonymSpans,
  transliteratedForLanguage,
  typedFormLanguage,
  wordCount,
} from "./query-synonyms.ts";

const { title, summary, body, folded, words: foldedWords } = searchFieldNames;

/** The query as it is matched: NFC, words in one script (pasted text mixes look-alike letters). */
export function normalizeQuery(q: string): string {
  return unmixScripts(q.normalize("NFC")).trim();
}

/**
 * The most words (runs of letters and digits: a hyphenated word counts each part) a query matches by.
 * Every word becomes a clause in each language's nine fields and phrase boosts; OpenSearch refuses a
 * query of more than 1,024 clauses in all (`too_many_nested_clauses`), which 28 content words reached.
 * A pasted paragraph or a long official title is matched by its first words; the title typed in full
 * still ranks first through the exact-title boost.
 */
export const maxQueryWords = 20;

/** The query up to its first `maxQueryWords` words (whole whitespace-separated tokens, operators kept). */
export function leadingWords(q: string): string {
  const kept: string[] = [];
  let words = 0;
  for (const token of q.split(/\s+/)) {
    if (token === "") continue;
    const pieces = [...token.matchAll(/[\p{L}\p{N}]+/gu)];
    if (words + pieces.length > maxQueryWords) {
      // A first token of more parts than allowed (a-b-c-…) is cut after its last allowed part.
      const last = pieces[maxQueryWords - words - 1];
      if (kept.length === 0 && last !== undefined) kept.push(token.slice(0, last.index + last[0].length));
      break;
    }
    words += pieces.length;
    kept.push(token);
  }
  return kept.join(" ");
}

/** The words of a query without `simple_query_string` operators or excluded words: for phrase boosts and spelling. */
export function plainWords(q: string): string {
  return q
    .split(/\s+/)
    .filter((word) => word !== "" && !word.startsWith("-"))
    .map((word) => word.replace(/["+|()~*\\]/g, " ").trim())
    .filter((word) => word !== "")
    .join(" ");
}

/** Fields of one language, with boosts: title > summary > body; the folded form a little below the stemmed. */
function languageFields(language: AnalysisLanguage): string[] {
  const [t, s, b] = [title(language), summary(language), body(language)];
  return [
    `${t}^3`,
    `${folded(t)}^2`,
    `${foldedWords(t)}^2`,
    `${s}^2`,
    `${folded(s)}^1.5`,
    `${foldedWords(s)}^1.5`,
    b,
    `${folded(b)}^0.7`,
    `${foldedWords(b)}^0.7`,
  ];
}

/** A language's unstemmed fields (folded words), with the same boosts: where names in the other script are matched. */
function unstemmedFields(language: AnalysisLanguage): string[] {
  return [
    `${foldedWords(title(language))}^2`,
    `${foldedWords(summary(language))}^1.5`,
    `${foldedWords(body(language))}^0.7`,
  ];
}

function languageQuery(language: AnalysisLanguage, q: string, words: string, spelt?: string): object {
  const phrase = (field: string, slop: number, boost: number) => ({
    match_phrase: { [field]: { query: words, slop, boost } },
  });
  const typed = { simple_query_string: { query: q, fields: languageFields(language), default_operator: "and" } };
  return {
    bool: {
      must: [
        spelt === undefined
          ? typed
          : {
              dis_max: {
                queries: [
                  typed,
                  { simple_query_string: { query: spelt, fields: unstemmedFields(language), default_operator: "and" } },
                ],
              },
            },
      ],
      // A phrase of the query in the title (an exact or near-exact title), then in the summary, then the body.
      should: words.includes(" ")
        ? [
            phrase(title(language), 1, 6),
            phrase(folded(title(language)), 1, 3),
            phrase(summary(language), 1, 2),
            phrase(body(language), 2, 1),
          ]
        : [],
    },
  };
}

/**
 * The most words the queries of all languages match by together, abbreviations' forms included: each
 * costs a clause in nine fields, and OpenSearch refuses more than 1,024 clauses. Beyond it the query is
 * matched as typed.
 */
const maxExpandedWords = 100;

/**
 * The query each language's fields match: as typed, with official abbreviations and names as groups of
 * synonyms; `expanded` when it has such groups or names in the other script (then a release holding the
 * words as typed ranks first: `МИД` puts «МИД РК …» above «Сыртқы істер министрлігі …»). `spelt`: per
 * language, the query with its names in the other script, for the unstemmed fields.
 */
function queriesByLanguage(q: string): {
  byLanguage: Record<AnalysisLanguage, string>;
  spelt: Partial<Record<AnalysisLanguage, string>>;
  expanded: boolean;
  formLanguage?: string;
} {
  const spans = synonymSpans(q);
  const asTyped = Object.fromEntries(analysisLanguages.map((language) => [language, q])) as Record<
    AnalysisLanguage,
    string
  >;
  const spelt: Partial<Record<AnalysisLanguage, string>> = {};
  for (const language of analysisLanguages) {
    const query = transliteratedForLanguage(spans, language);
    if (query !== undefined) spelt[language] = query;
  }
  // Abbreviations and names in the other script add the words as typed as a ranking clause; the light
  // stems of the `other` fields change nothing else.
  const expanded = spans.some((span) => span.group !== undefined) || Object.keys(spelt).length > 0;
  const formLanguage = typedFormLanguage(spans);
  // Over the budget with every group's forms, fewer forms a group (the first are each language's
  // abbreviation and name), then none: a query naming five bodies keeps some synonyms.
  for (const maxForms of [maxFormsPerGroup, 4, 2, 1]) {
    const byLanguage = Object.fromEntries(
      analysisLanguages.map((language) => [language, expandForLanguage(spans, language, maxForms)]),
    ) as Record<AnalysisLanguage, string>;
    const words =
      analysisLanguages.reduce(
        (sum, language) => sum + wordCount(byLanguage[language]) + wordCount(spelt[language] ?? "") / 3,
        0,
      ) + (expanded ? wordCount(q) * analysisLanguages.length : 0);
    if (words <= maxExpandedWords)
      return { byLanguage, spelt, expanded, ...(formLanguage === undefined ? {} : { formLanguage }) };
  }
  return { byLanguage: asTyped, spelt: {}, expanded: false };
}

/**
 * How much a release in the reader's language gains: its score times this. Enough to rank it first
 * among near-equals (the same story in two languages), not above a match half again as good.
 */
const preferredLanguageFactor = 1.5;

/** Releases in a language (`ru` also `ru-RU`), as a scoring clause. */
function inLanguage(language: string, boost: number): object {
  return {
    bool: { should: [{ term: { language } }, { prefix: { language: `${language}-` } }], boost },
  };
}

/** The words as typed, in any language: what ranks a release that holds them above one that holds a synonym. */
function asTypedBoost(q: string): object {
  return {
    dis_max: {
      queries: analysisLanguages.map((language) => ({
        simple_query_string: { query: q, fields: languageFields(language), default_operator: "and" },
      })),
    },
  };
}

/** The full-text part of a search: the best language's match, and a title typed exactly as published ranks first. */
export function fullTextQuery(rawQuery: string, preferred?: string): object {
  const q = leadingWords(normalizeQuery(rawQuery));
  const words = plainWords(q);
  const { byLanguage, spelt, expanded, formLanguage } = queriesByLanguage(q);
  const match = {
    bool: {
      must: [
        {
          dis_max: {
            queries: analysisLanguages.map((language) =>
              languageQuery(language, byLanguage[language], words, spelt[language]),
            ),
          },
        },
      ],
      should: [
        { term: { [searchFieldNames.titleExact]: { value: rawQuery.normalize("NFC").trim(), boost: 10 } } },
        ...(expanded ? [asTypedBoost(q)] : []),
        // `MFA` is English, `СІМ` Kazakh: releases in the language of what was typed first among equals.
        ...(formLanguage !== undefined ? [inLanguage(formLanguage, 8)] : []),
      ],
    },
  };
  if (formLanguage !== undefined || preferred === undefined) return match;
  // The reader's language (the query's letters, or `hl`): its releases' scores are multiplied, so the
  // same story in Kazakh does not push the Russian down for a Russian reader, whatever the fields' scales.
  return {
    function_score: {
      query: match,
      functions: [{ filter: inLanguage(preferred, 1), weight: preferredLanguageFactor }],
      score_mode: "multiply",
      boost_mode: "multiply",
    },
  };
}

/**
 * Relevance with a gentle preference for the recent: a score is multiplied by 0.7 to 1.0, by a Gauss
 * decay over `publishedAt` (1.0 today, 0.85 a year ago, towards 0.7 for old releases). Among equal
 * matches the newer comes first; a better match is never overtaken by recency alone unless it is
 * less than about 1.4 times as good.
 */
export function withRecency(query: object): object {
  return {
    function_score: {
      query,
      functions: [
        { gauss: { publishedAt: { origin: "now", scale: "365d", decay: 0.5 } }, weight: 0.3 },
        { weight: 0.7 },
      ],
      score_mode: "sum",
      boost_mode: "multiply",
    },
  };
}

/** Did-you-mean: the term suggester over titles' and bodies' words as written, for words found nowhere. */
export function spellingQuery(q: string): object {
  return {
    size: 0,
    suggest: {
      text: plainWords(normalizeQuery(q)),
      spelling: {
        term: {
          field: searchFieldNames.spelling,
          suggest_mode: "missing",
          min_word_length: 3,
          max_edits: 2,
          prefix_length: 1,
          sort: "score",
        },
      },
    },
  };
}

interface SpellingEntry {
  text: string;
  offset: number;
  length: number;
  options: { text: string; score: number; freq: number }[];
}

/** The corrected query from the suggester's answer, or undefined when it has nothing to correct. */
export function correctedQuery(text: string, entries: readonly SpellingEntry[]): string | undefined {
  let corrected = text;
  let changed = false;
  // From the end, so earlier offsets stay right.
  for (const entry of [...entries].sort((a, b) => b.offset - a.offset)) {
    const best = entry.options[0];
    // An official abbreviation is no typo (`МВД` is not a misspelt `мид`): the synonyms answer it.
    if (best === undefined || synonymSpans(entry.text)[0]?.group !== undefined) continue;
    corrected = corrected.slice(0, entry.offset) + best.text + corrected.slice(entry.offset + entry.length);
    changed = true;
  }
  return changed ? corrected : undefined;
}

/**
 * Whether a correction is close enough to answer in the query's place (not only to suggest): each word
 * it changes is one edit away, or two for a word of eight letters or more (`реинтеграцыя` →
 * «реинтеграции»). `Paris` → «part» is two edits of a short word: a suggestion, never an answer; so is
 * any change to a word of fewer than five letters, where one edit makes another real word too often
 * (Kazakh `бару` "to go" → «Баку»).
 */
export function closeCorrection(typed: string, corrected: string): boolean {
  const before = typed.toLocaleLowerCase("ru").split(/\s+/).filter(Boolean);
  const after = corrected.toLocaleLowerCase("ru").split(/\s+/).filter(Boolean);
  if (before.length !== after.length) return false;
  return before.every((word, i) => {
    const edits = distance(word, after[i]!);
    if (edits === 0) return true;
    const letters = [...word].length;
    return letters >= 5 && edits <= (letters >= 8 ? 2 : 1);
  });
}
