import type { NinjsVersion } from "./ninjs.ts";
import type { ReleaseDocument } from "@gazette/shared";
import type { Tombstone } from "../read/index.ts";

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
  /** The WebSub hub that pushes this feed (W3C WebSub). */
  hubUrl?: string;
  /** RFC 5005: the page of older releases, when there may be some. */
  olderUrl?: string;
  /** RFC 5005: on an archive page, the subscription feed. */
  currentUrl?: string;
  /** Other language versions of the items, by translationKey (the items themselves included). */
  translations?: ReadonlyMap<string, readonly ReleaseDocument[]>;
  /** With `collapse=story`: each item's story members (itself included), by storyId. */
  stories?: ReadonlyMap<string, readonly ReleaseDocument[]>;
  /**
   * Recent withdrawals (first page only): RFC 6721 tombstones in Atom, `withheld` items in ninjs,
   * `_gazette.withdrawn` items in JSON Feed; in RSS only the feed's date follows them.
   */
  tombstones?: readonly Tombstone[];
  /** A publisher's name for readers of a language (the registry's); its id when not given. */
  publisherName?: (id: string, language?: string) => string;
  /** The ninjs feed's items: 2.2 unless 3.1 was asked (`?version=3.1`). */
  ninjsVersion?: NinjsVersion;
}

/** The publisher of a release as readers should see it: its name in the release's language. */
export function authorOf(document: ReleaseDocument, context: FeedContext): string {
  return context.publisherName?.(document.publisher, document.language) ?? document.publisher;
}

/** The other language versions of a release (same translationKey, another id). */
export function otherVersions(document: ReleaseDocument, context: FeedContext): readonly ReleaseDocument[] {
  if (document.translationKey === undefined) return [];
  return (context.translations?.get(document.translationKey) ?? []).filter((version) => version.id !== document.id);
}

/** The guessed media type of an image from its URL, when the publisher gave none. */
export function imageType(image: { url: string; mimeType?: string }): string | undefined {
  if (image.mimeType !== undefined) return image.mimeType;
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(new URL(image.url).pathname)?.[1]?.toLowerCase();
  return (
    {
      jpg: "image/jpeg",
      jpeg: "image/jpeg",
      png: "image/png",
      gif: "image/gif",
      webp: "image/webp",
      avif: "image/avif",
      svg: "image/svg+xml",
    } as Record<string, string>
  )[extension ?? ""];
}

/** A release's stable id as an IRI; the same in RSS (guid) and Atom (id). */
export function releaseGuid(document: ReleaseDocument): string {
  return `urn:gazette:release:${document.id}`;
}

/**
 * When an item last changed as readers see it: its update, or its publication when that is later (a
 * release under embargo is published at the embargo's end, after it was sent), so `updated` is never
 * before `published`.
 */
export function itemUpdated(document: Pick<ReleaseDocument, "updatedAt" | "publishedAt">): Date {
  return new Date(itemUpdatedAt(document));
}

/** The same as the release says it (its own offset kept): `updatedAt`, or `publishedAt` when later. */
export function itemUpdatedAt(document: Pick<ReleaseDocument, "updatedAt" | "publishedAt">): string {
  return Date.parse(document.publishedAt) > Date.parse(document.updatedAt) ? document.publishedAt : document.updatedAt;
}

/**
 * The feed's last visible change: its newest item's (an embargo lifted, an update), or a withdrawal
 * among its tombstones if later. Last-Modified and the feed's own date follow it, so If-Modified-Since
 * never hides a change. A fixed instant for an empty feed, so rendering stays deterministic.
 */
export function feedUpdated(documents: readonly ReleaseDocument[], tombstones: readonly Tombstone[] = []): Date {
  const newestItem = documents.reduce((max, document) => Math.max(max, itemUpdated(document).getTime()), 0);
  const newest = tombstones.reduce((max, tombstone) => Math.max(max, Date.parse(tombstone.withdrawnAt)), newestItem);
  return new Date(newest);
}
