import { compile } from "html-to-text";
import { analysisLanguageOf, unmixScripts, type ReleaseDocument, type ReleaseEvent } from "@gazette/shared";

import { shingleHashes, storyBands, storyMarks, storySignature, storyWords, titleNumbers } from "../stories/index.ts";

const summaryLength = 300;

/**
 * The converter is compiled once: html-to-text's `convert(html, options)` compiles its selectors on
 * every call, which a profile of the indexer showed as the largest cost of indexing (bench R2).
 */
const convertHtml = compile({
  wordwrap: false,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "skip" },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
    { selector: "h4", options: { uppercase: false } },
    { selector: "h5", options: { uppercase: false } },
    { selector: "h6", options: { uppercase: false } },
    { selector: "table", format: "dataTable", options: { uppercaseHeaderCells: false } },
  ],
});

/** Body HTML as plain text for search and summaries: block elements become line breaks, links keep their text. */
export function htmlToPlainText(html: string): string {
  return convertHtml(html).trim();
}

/** The first `maxLength` characters of `text`, cut at a word boundary, with an ellipsis when cut. */
export function excerpt(text: string, maxLength = summaryLength): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s.,;:–—-]+$/u, "")}…`;
}

/** The search document for an event: pure, so the same event always gives the same document. */
export function releaseToDocument(event: ReleaseEvent): ReleaseDocument {
  const { release } = event;
  const bodyText = htmlToPlainText(release.body);
  const summary = release.summary ?? excerpt(bodyText);
  const withdrawn = event.type === "release.retracted";
  const searchable = {
    title: unmixScripts(release.title),
    summary: unmixScripts(summary),
    body: unmixScripts(bodyText),
  };
  const document: ReleaseDocument = {
    id: release.id,
    externalId: release.externalId,
    publisher: release.publisher,
    language: release.language,
    title: release.title,
    summary,
    bodyHtml: release.body,
    tags: release.tags,
    publishedAt: release.publishedAt,
    updatedAt: release.updatedAt,
    images: release.images,
    version: event.version,
    status: withdrawn ? "withdrawn" : "published",
    // The searchable text has every word in one script (pasted text mixes look-alike letters); what is
    // shown (title, summary, bodyHtml) stays as the publisher wrote it.
    text: { [analysisLanguageOf(release.language)]: searchable },
  };
  if (release.sourceUrl !== undefined) document.sourceUrl = release.sourceUrl;
  if (release.translationKey !== undefined) document.translationKey = release.translationKey;
  if (!withdrawn) {
    const shingles = shingleHashes(storyWords(searchable.title, searchable.body, true));
    document.storySignature = storySignature(shingles);
    document.storySize = shingles.size;
    document.storyMarks = storyMarks(release.title, bodyText);
    document.storyTitleNumbers = titleNumbers(release.title);
    document.storyBands = storyBands(release.language, document.storySignature);
  }
  if (event.history !== undefined) document.history = event.history;
  if (release.languageSource === "detected") document.languageSource = "detected";
  if (release.embargoUntil !== undefined) document.embargoUntil = release.embargoUntil;
  if (withdrawn) {
    document.withdrawnAt = event.occurredAt;
    if (event.reason !== undefined) document.withdrawalReason = event.reason;
  }
  return document;
}
