import { interfaceLanguages } from "../portal/index.ts";
import type { ReleaseDocument } from "@gazette/shared";
import { releaseLink, releasePageUrl } from "../links.ts";
import { otherStoryMembers, type LatestPage, type SearchAfter, type SearchResult } from "../read/index.ts";
import { encodeCursor } from "../http/index.ts";

/*
 * What the JSON API shows of releases: every projection of an index document into an answer is here,
 * so a field is added or renamed in one place.
 */

/** A release in a list: enough to show a result and follow it. */
export function releaseSummaryView(document: ReleaseDocument, publicBaseUrl: string) {
  return {
    id: document.id,
    title: document.title,
    summary: document.summary,
    publishedAt: document.publishedAt,
    publisher: document.publisher,
    language: document.language,
    tags: document.tags,
    url: releaseLink(document, publicBaseUrl),
  };
}

/** A release in full, as clients get it: the body as HTML, no analysis-only fields. */
export function releaseView(document: ReleaseDocument, publicBaseUrl: string) {
  const {
    text: _text,
    storySignature: _signature,
    storyBands: _bands,
    storySize: _size,
    storyMarks: _marks,
    storyTitleNumbers: _titleNumbers,
    bodyHtml,
    ...release
  } = document;
  return { ...release, body: bodyHtml, url: releaseLink(document, publicBaseUrl) };
}

/** A release's story as clients get it: its id, whether this is the canonical release, the others (earliest first). */
export function storyView(
  document: ReleaseDocument,
  stories: ReadonlyMap<string, readonly ReleaseDocument[]>,
  publicBaseUrl: string,
) {
  if (document.storyId === undefined) return undefined;
  return {
    id: document.storyId,
    canonical: document.storyCanonical !== false,
    others: otherStoryMembers(document, stories).map((member) => ({
      ...releaseReferenceView(member, publicBaseUrl),
      publishedAt: member.publishedAt,
    })),
  };
}

/** A reference to another release: a translation or a related one. */
function releaseReferenceView(document: ReleaseDocument, publicBaseUrl: string) {
  return {
    id: document.id,
    title: document.title,
    publisher: document.publisher,
    language: document.language,
    url: releaseLink(document, publicBaseUrl),
  };
}

/** GET /v1/search: hits with highlights, facets, the corrected query, the cursor of the next page. */
export function searchView(
  result: SearchResult,
  pageSize: number,
  publicBaseUrl: string,
  stories?: ReadonlyMap<string, readonly ReleaseDocument[]>,
  publisherName: (id: string, language?: string) => string = (id) => id,
) {
  const last = result.hits.at(-1);
  // Ministries by name, not only by id: a hit's in its language, a facet's in each interface language.
  const names = (id: string) =>
    Object.fromEntries(interfaceLanguages.map((language) => [language, publisherName(id, language)]));
  return {
    total: result.total,
    ...(result.suggestion === undefined ? {} : { suggestion: result.suggestion }),
    // The typo answered: these are the corrected query's hits; `nextCursor` goes on with `q` = this.
    ...(result.showingResultsFor === undefined ? {} : { showingResultsFor: result.showingResultsFor }),
    hits: result.hits.map(({ document, highlights }) => {
      const story = stories === undefined ? undefined : storyView(document, stories, publicBaseUrl);
      return {
        ...releaseSummaryView(document, publicBaseUrl),
        publisherName: publisherName(document.publisher, document.language),
        highlights,
        ...(story === undefined ? {} : { story }),
      };
    }),
    facets: {
      ...result.facets,
      publisher: result.facets.publisher.map((facet) => ({ ...facet, name: names(facet.value) })),
    },
    ...(last !== undefined && result.hits.length === pageSize ? { nextCursor: encodeCursor(last.sort) } : {}),
  };
}

/** GET /v1/changes: each change with the release as it now is (or the withdrawal's reason), and the cursor. */
export function changesView(page: LatestPage, since: SearchAfter | undefined, publicBaseUrl: string) {
  return {
    changes: page.documents.map((document) => {
      const change = document.status === "withdrawn" ? "withdrawn" : document.version === 1 ? "published" : "updated";
      const what =
        change === "withdrawn"
          ? { reason: document.withdrawalReason }
          : { release: releaseView(document, publicBaseUrl) };
      return { change, id: document.id, version: document.version, changedAt: document.changedAt, ...what };
    }),
    nextCursor: page.last === undefined ? (since === undefined ? null : encodeCursor(since)) : encodeCursor(page.last),
  };
}

/** GET /v1/suggest: completions as references. */
export function suggestionsView(documents: readonly ReleaseDocument[], publicBaseUrl: string) {
  return { suggestions: documents.map((document) => releaseReferenceView(document, publicBaseUrl)) };
}

/** GET /v1/releases/{id}: the release, its page, its other language versions and related releases. */
export function releaseDetailView(
  document: ReleaseDocument,
  translations: readonly ReleaseDocument[],
  related: readonly ReleaseDocument[],
  publicBaseUrl: string,
  stories: ReadonlyMap<string, readonly ReleaseDocument[]> = new Map(),
) {
  const story = storyView(document, stories, publicBaseUrl);
  return {
    ...releaseView(document, publicBaseUrl),
    ...(story === undefined ? {} : { story }),
    page: releasePageUrl(publicBaseUrl, document.id),
    translations: translations.map((version) => ({
      id: version.id,
      language: version.language,
      title: version.title,
      url: releaseLink(version, publicBaseUrl),
    })),
    related: related.map((other) => ({
      ...releaseReferenceView(other, publicBaseUrl),
      publishedAt: other.publishedAt,
    })),
  };
}
