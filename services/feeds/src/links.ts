import type { ReleaseDocument } from "@gazette/shared";

/*
 * Every URL feeds hands out is built here, from the public base URL (what readers reach, never an
 * internal address).
 */

/** Gazette's own page of a release. */
export function releasePageUrl(publicBaseUrl: string, id: string): string {
  return `${publicBaseUrl}/releases/${encodeURIComponent(id)}`;
}

/** Where a reader goes for the release: the ministry's own page if given, else Gazette's page. */
export function releaseLink(document: ReleaseDocument, publicBaseUrl: string): string {
  return document.sourceUrl ?? releasePageUrl(publicBaseUrl, document.id);
}

/** The WebSub hub subscribers (un)subscribe at. */
export function hubUrlOf(publicBaseUrl: string): string {
  return `${publicBaseUrl}/websub/hub`;
}
