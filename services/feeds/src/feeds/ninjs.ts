import type { ReleaseDocument } from "@gazette/shared";
import { releasePageUrl } from "../links.ts";
import { itemUpdatedAt } from "./feed-context.ts";
import type { Tombstone } from "../read/index.ts";

/*
 * IPTC ninjs ("News in JSON"), what news agencies ingest: a release as a ninjs 3.1 or 2.2 document.
 * 3.1 names its properties in camelCase; 2.2 in lower case (and calls the embargo `embargoed`). The
 * document is built once, in 3.1's names, and renamed for 2.2. Validated against IPTC's published
 * schemas in the tests (../shared/schemas/ninjs).
 */

export const ninjsVersions = ["2.2", "3.1"] as const;
export type NinjsVersion = (typeof ninjsVersions)[number];

/** The media type agencies ask for (`Accept`), with the version as a parameter (`version=3.1`). */
export const ninjsMediaType = "application/ninjs+json";

/** The release's ninjs `uri`: a stable name, not a link (the Atom tombstones use the same). */
export const ninjsUri = (id: string) => `urn:gazette:release:${id}`;

/** 3.1 names → 2.2 names, where they differ. */
const lowerCaseNames: Record<string, string> = {
  versionCreated: "versioncreated",
  firstCreated: "firstcreated",
  pubStatus: "pubstatus",
  embargoedUntil: "embargoed",
  altIds: "altids",
  contentType: "contenttype",
  copyrightHolder: "copyrightholder",
  charCount: "charcount",
  edNote: "ednote",
};

function renamed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renamed);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [lowerCaseNames[key] ?? key, renamed(inner)]));
}

const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;

export interface NinjsOptions {
  version: NinjsVersion;
  publicBaseUrl: string;
  /** The publisher's name in the release's language (the copyright holder). */
  publisherName: string;
}

/** A withdrawn release as agencies must hear of it: `withheld`, with the reason as the editorial note. */
export function withheldNinjs(tombstone: Tombstone, version: NinjsVersion): Record<string, unknown> {
  const ninjs = defined({
    uri: ninjsUri(tombstone.id),
    type: "text",
    pubStatus: "withheld",
    versionCreated: tombstone.withdrawnAt,
    language: tombstone.language,
    edNote: tombstone.withdrawalReason,
  });
  return version === "3.1" ? ninjs : (renamed(ninjs) as Record<string, unknown>);
}

/** A release as a ninjs document of the version asked. */
export function ninjsOf(document: ReleaseDocument, options: NinjsOptions): Record<string, unknown> {
  const page = releasePageUrl(options.publicBaseUrl, document.id);
  const ninjs = defined({
    uri: ninjsUri(document.id),
    type: "text",
    profile: document.images.length > 0 ? "text-photo" : "text-only",
    version: String(document.version),
    firstCreated: document.publishedAt,
    // Never before firstCreated: an embargoed release is published at the embargo's end.
    versionCreated: itemUpdatedAt(document),
    pubStatus: document.status === "withdrawn" ? "withheld" : "usable",
    embargoedUntil: document.embargoUntil,
    language: document.language,
    copyrightHolder: options.publisherName,
    headlines: [{ role: "main", contentType: "text/plain", value: document.title }],
    descriptions:
      document.summary === "" ? undefined : [{ role: "summary", contentType: "text/plain", value: document.summary }],
    bodies: [{ role: "main", contentType: "text/html", value: document.bodyHtml }],
    subjects: document.tags.length === 0 ? undefined : document.tags.map((tag) => ({ name: tag, literal: tag })),
    altIds: [
      { role: "externalId", value: document.externalId },
      { role: "gazetteId", value: document.id },
    ],
    renditions: [
      { name: "page", href: page, contentType: "text/html", title: document.title },
      ...(document.sourceUrl === undefined
        ? []
        : [{ name: "source", href: document.sourceUrl, contentType: "text/html", title: document.title }]),
    ],
    associations:
      document.images.length === 0
        ? undefined
        : document.images.map((image, i) =>
            defined({
              name: `picture${i + 1}`,
              uri: image.url,
              type: "picture",
              by: image.credit,
              descriptions: image.caption === undefined ? undefined : [{ role: "caption", value: image.caption }],
              renditions: [defined({ name: "original", href: image.url, contentType: image.mimeType })],
            }),
          ),
  });
  return options.version === "3.1" ? ninjs : (renamed(ninjs) as Record<string, unknown>);
}
