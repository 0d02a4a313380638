import { create } from "xmlbuilder2";
import type { ReleaseDocument } from "@gazette/shared";
import {
  feedUpdated,
  imageType,
  itemUpdated,
  otherVersions,
  releaseGuid,
  type FeedContext,
  authorOf,
} from "../feed-context.ts";
import { otherStoryMembers } from "../../read/index.ts";
import { releaseLink } from "../../links.ts";

const atomNs = "http://www.w3.org/2005/Atom";
type XMLBuilder = ReturnType<typeof create>;
const xmlNs = "http://www.w3.org/XML/1998/namespace";
const tombstoneNs = "http://purl.org/atompub/tombstones/1.0";

/** An entry's links: its page, its other language versions, its story's other releases (collapse=story), its images. */
function addEntryLinks(entry: XMLBuilder, document: ReleaseDocument, context: FeedContext): void {
  entry
    .ele(atomNs, "link")
    .att("rel", "alternate")
    .att("type", "text/html")
    .att("hreflang", document.language)
    .att("href", releaseLink(document, context.publicBaseUrl));
  for (const version of otherVersions(document, context)) {
    entry
      .ele(atomNs, "link")
      .att("rel", "alternate")
      .att("type", "text/html")
      .att("hreflang", version.language)
      .att("title", version.title)
      .att("href", releaseLink(version, context.publicBaseUrl));
  }
  // The same news from other publishers (collapse=story): RFC 4287 `related`.
  for (const member of otherStoryMembers(document, context.stories)) {
    entry
      .ele(atomNs, "link")
      .att("rel", "related")
      .att("type", "text/html")
      .att("hreflang", member.language)
      .att("title", `${authorOf(member, context)}: ${member.title}`)
      .att("href", releaseLink(member, context.publicBaseUrl));
  }
  for (const image of document.images) {
    const enclosure = entry.ele(atomNs, "link").att("rel", "enclosure").att("href", image.url);
    const type = imageType(image);
    if (type !== undefined) enclosure.att("type", type);
    if (image.caption !== undefined) enclosure.att("title", image.caption);
  }
}

/** Atom 1.0 (RFC 4287), built with an XML builder that does all escaping. Pure: same input, same bytes. */
export function renderAtom(context: FeedContext, documents: readonly ReleaseDocument[]): string {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(atomNs, "feed");
  if (context.language !== undefined) root.att(xmlNs, "xml:lang", context.language);
  root.ele(atomNs, "id").txt(context.selfUrl);
  root.ele(atomNs, "title").txt(context.title);
  root.ele(atomNs, "subtitle").txt(context.description);
  root.ele(atomNs, "updated").txt(feedUpdated(documents, context.tombstones).toISOString());
  root.ele(atomNs, "link").att("rel", "self").att("type", "application/atom+xml").att("href", context.selfUrl);
  root.ele(atomNs, "link").att("rel", "alternate").att("type", "text/html").att("href", context.siteUrl);
  if (context.hubUrl !== undefined) root.ele(atomNs, "link").att("rel", "hub").att("href", context.hubUrl);
  if (context.olderUrl !== undefined) {
    root.ele(atomNs, "link").att("rel", "next").att("type", "application/atom+xml").att("href", context.olderUrl);
    root
      .ele(atomNs, "link")
      .att("rel", "prev-archive")
      .att("type", "application/atom+xml")
      .att("href", context.olderUrl);
  }
  if (context.currentUrl !== undefined)
    root.ele(atomNs, "link").att("rel", "current").att("type", "application/atom+xml").att("href", context.currentUrl);
  root.ele(atomNs, "generator").txt("Gazette");
  // RFC 6721: releases withdrawn lately, so aggregators take them down too (before the entries: RFC 4287
  // allows extension elements only among the feed's metadata).
  if ((context.tombstones ?? []).length > 0) root.att("http://www.w3.org/2000/xmlns/", "xmlns:at", tombstoneNs);
  for (const tombstone of context.tombstones ?? []) {
    const deleted = root
      .ele(tombstoneNs, "at:deleted-entry")
      .att("ref", `urn:gazette:release:${tombstone.id}`)
      .att("when", new Date(tombstone.withdrawnAt).toISOString());
    if (tombstone.withdrawalReason !== undefined)
      deleted.ele(tombstoneNs, "at:comment").att(xmlNs, "xml:lang", tombstone.language).txt(tombstone.withdrawalReason);
  }
  for (const document of documents) {
    const entry = root.ele(atomNs, "entry").att(xmlNs, "xml:lang", document.language);
    entry.ele(atomNs, "id").txt(releaseGuid(document));
    entry.ele(atomNs, "title").att("type", "text").txt(document.title);
    addEntryLinks(entry, document, context);
    entry.ele(atomNs, "published").txt(new Date(document.publishedAt).toISOString());
    entry.ele(atomNs, "updated").txt(itemUpdated(document).toISOString());
    entry.ele(atomNs, "author").ele(atomNs, "name").txt(authorOf(document, context));
    for (const tag of document.tags) entry.ele(atomNs, "category").att("term", tag);
    entry.ele(atomNs, "summary").att("type", "text").txt(document.summary);
    entry.ele(atomNs, "content").att("type", "html").txt(document.bodyHtml);
  }
  return root.end({ prettyPrint: false });
}
