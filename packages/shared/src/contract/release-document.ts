import type { Image } from "./release.ts";

/** Languages with their own analysis chain in the index; anything else is analysed as `other`. */
export const analysisLanguages = ["ru", "en", "kk", "other"] as const;
export type AnalysisLanguage = (typeof analysisLanguages)[number];

/** A BCP 47 tag's primary language subtag, lower case (`ru-RU` → `ru`, `kk` → `kk`). */
export function primaryLanguageSubtag(languageTag: string): string {
  return (languageTag.split("-")[0] ?? "").toLowerCase();
}

/** The analysis chain for a BCP 47 tag: by its primary language subtag (`ru-RU` → `ru`). */
export function analysisLanguageOf(languageTag: string): AnalysisLanguage {
  const primary = primaryLanguageSubtag(languageTag);
  return (analysisLanguages as readonly string[]).includes(primary) ? (primary as AnalysisLanguage) : "other";
}

export type ReleaseStatus = "published" | "withdrawn";

/*
 * The index contract: what the indexer writes and feeds reads. The document's shape, the searchable
 * fields and how soon a write is visible live here and nowhere else.
 */

/**
 * A release as stored in OpenSearch: written by the indexer, read by feeds. The text to search sits
 * under `text.<analysis language>` so each language is analysed its own way.
 */
export interface ReleaseDocument {
  id: string;
  externalId: string;
  publisher: string;
  language: string;
  /** `detected`: the source declared no language; Gazette detected it from the text (or set `und`). */
  languageSource?: "detected";
  title: string;
  summary: string;
  bodyHtml: string;
  tags: string[];
  publishedAt: string;
  updatedAt: string;
  sourceUrl?: string;
  images: Image[];
  translationKey?: string;
  /** Held back from every feed and search result until this instant. */
  embargoUntil?: string;
  version: number;
  /** When the indexer wrote this version (set at write time, not by the presenter). */
  indexedAt?: string;
  /** When this version became visible: `indexedAt`, or the embargo's end if later. Orders /v1/changes. */
  changedAt?: string;
  status: ReleaseStatus;
  /** The changes up to this version, oldest first (not searched): the page's version history. */
  history?: { version: number; at: string; change: "published" | "updated" | "withdrawn" }[];
  withdrawnAt?: string;
  withdrawalReason?: string;
  text: Partial<Record<AnalysisLanguage, { title: string; summary: string; body: string }>>;
  /** MinHash of the title and text (ADR 0016): near-duplicates have alike signatures. Not for readers. */
  storySignature?: number[];
  /** How many shingles the signature was made of. */
  storySize?: number;
  /** The numbers and names of the text, compared words: what tells templated news apart. */
  storyMarks?: string[];
  /** The numbers of the title: a copy's title has none its original lacks. */
  storyTitleNumbers?: string[];
  /** The signature's LSH bands (`ru.7.…`): releases sharing one are compared. */
  storyBands?: string[];
  /** The id of the story's canonical release (its earliest publication); the release's own id when alone. */
  storyId?: string;
  /** Whether this release is its story's canonical one (what `collapse=story` shows). */
  storyCanonical?: boolean;
}

/**
 * The index's searchable fields, as the indexer maps them and feeds queries them (ADR 0005): each
 * language's text (`*`: every language, in patterns) has a stemmed field, a `.folded` (stemmed, then folded) and a `.words` (folded,
 * not stemmed) subfield; `spelling` holds titles' and bodies'
 * words as written, for did-you-mean.
 */
export const searchFieldNames = {
  title: (language: AnalysisLanguage | "*") => `text.${language}.title`,
  summary: (language: AnalysisLanguage | "*") => `text.${language}.summary`,
  body: (language: AnalysisLanguage | "*") => `text.${language}.body`,
  folded: (field: string) => `${field}.folded`,
  words: (field: string) => `${field}.words`,
  spelling: "spelling",
  /** The title as written (keyword, NFC): an exact-title match. */
  titleExact: "title.raw",
  /** The title as you type it (search_as_you_type): the field and its shingles. */
  titleCompletion: ["title.suggest", "title.suggest._2gram", "title.suggest._3gram"],
} as const;

/**
 * How often the index refreshes: a write is searchable at most this long after OpenSearch acknowledged
 * it. The indexer's template sets it; feeds waits this long (and some slack) after an announced write
 * before it trusts a query to show the write.
 */
export const indexRefreshIntervalMs = 1000;

/** After an acknowledged bulk write, when a search is sure to see it: one refresh interval and some slack. */
export const indexVisibleAfterMs = indexRefreshIntervalMs + 300;
