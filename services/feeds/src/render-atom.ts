import { create } from "xmlbuilder2";
import type { ReleaseDocument } from "@gazette/shared";
import { feedUpdated, releaseGuid, releaseLink, type FeedContext } from "./feed-context.ts";

const atomNs = "http://www.w3.org/2005/Atom";
const xmlNs = "http://www.w3.org/XML/1998/namespace";

/** Atom 1.0 (RFC 4287), built with an XML builder that does all escaping. Pure: same input, same bytes. */
export function renderAtom(context: FeedContext, documents: readonly ReleaseDocument[]): string {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(atomNs, "feed");
  if (context.language !== undefined) root.att(xmlNs, "xml:lang", context.language);
  root.ele(atomNs, "id").txt(context.selfUrl);
  root.ele(atomNs, "title").txt(context.title);
  root.ele(atomNs, "subtitle").txt(context.description);
  root.ele(atomNs, "updated").txt(feedUpdated(documents).toISOString());
  root.ele(atomNs, "link").att("rel", "self").att("type", "application/atom+xml").att("href", context.selfUrl);
  root.ele(atomNs, "link").att("rel", "alternate").att("type", "text/html").att("href", context.siteUrl);
  root.ele(atomNs, "generator").txt("Gazette");
  for (const document of documents) {
    const entry = root.ele(atomNs, "entry").att(xmlNs, "xml:lang", document.language);
    entry.ele(atomNs, "id").txt(releaseGuid(document));
    entry.ele(atomNs, "title").att("type", "text").txt(document.title);
    entry.ele(atomNs, "link").att("rel", "alternate").att("type", "text/html").att("href", releaseLink(document, context.publicBaseUrl));
    entry.ele(atomNs, "published").txt(new Date(document.publishedAt).toISOString());
    entry.ele(atomNs, "updated").txt(new Date(document.updatedAt).toISOString());
    entry.ele(atomNs, "author").ele(atomNs, "name").txt(document.publisher);
    for (const tag of document.tags) entry.ele(atomNs, "category").att("term", tag);
    entry.ele(atomNs, "summary").att("type", "text").txt(document.summary);
    entry.ele(atomNs, "content").att("type", "html").txt(document.bodyHtml);
  }
  return root.end({ prettyPrint: false });
}
