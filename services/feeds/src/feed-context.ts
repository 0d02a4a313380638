import type { ReleaseDocument } from "@gazette/shared";

/** What a rendered feed says about itself; everything a renderer needs besides the releases. */
export interface FeedContext {
  title: string;
  description: string;
  /** Absolute URL of this very feed (query included). */
  selfUrl: string;
  /** Absolute URL of the human-readable page the feed belongs to. */
  siteUrl: string;
  /** BCP 47 tag when the feed is in one language. */
  language?: string;
  /** Base URL for links to Gazette's own release pages. */
  publicBaseUrl: string;
}

/** A release's stable id as an IRI; the same in RSS (guid) and Atom (id). */
export function releaseGuid(document: ReleaseDocument): string {
  return `urn:gazette:release:${document.id}`;
}

/** Where a reader goes for the release: the ministry's own page if given, else Gazette's page. */
export function releaseLink(document: ReleaseDocument, publicBaseUrl: string): string {
  return document.sourceUrl ?? `${publicBaseUrl}/releases/${encodeURIComponent(document.id)}`;
}

/** Newest `updatedAt` of the items; a fixed instant for an empty feed, so rendering stays deterministic. */
export function feedUpdated(documents: readonly ReleaseDocument[]): Date {
  const newest = documents.reduce((max, document) => Math.max(max, Date.parse(document.updatedAt)), 0);
  return new Date(newest);
}
