import RSS from "rss";
import type { ReleaseDocument } from "@gazette/shared";
import { feedUpdated, imageType, itemUpdatedAt, releaseGuid, type FeedContext, authorOf } from "../feed-context.ts";
import { releaseLink } from "../../links.ts";

const mediaNs = "http://search.yahoo.com/mrss/";

/** Media RSS: every image with its caption and credit. */
function mediaContent(document: ReleaseDocument): object[] {
  return document.images.map((image) => {
    const type = imageType(image);
    const children: object[] = [
      { _attr: { url: image.url, medium: "image", ...(type === undefined ? {} : { type }) } },
    ];
    if (image.caption !== undefined) children.push({ "media:description": image.caption });
    if (image.credit !== undefined) children.push({ "media:credit": image.credit });
    return { "media:content": children };
  });
}

/**
 * RSS 2.0 through the `rss` package. It stamps `lastBuildDate` with the current time; we replace
 * that one element with the newest item's date, so the same releases always give the same bytes.
 */
export function renderRss(context: FeedContext, documents: readonly ReleaseDocument[]): string {
  const updated = feedUpdated(documents, context.tombstones);
  const feed = new RSS({
    title: context.title,
    description: context.description,
    feed_url: context.selfUrl,
    site_url: context.siteUrl,
    generator: "Gazette",
    pubDate: updated,
    ttl: 5,
    ...(context.language === undefined ? {} : { language: context.language }),
    custom_namespaces: { media: mediaNs },
    custom_elements: [
      ...(context.hubUrl === undefined ? [] : [{ "atom:link": { _attr: { rel: "hub", href: context.hubUrl } } }]),
      ...(context.olderUrl === undefined
        ? []
        : [
            { "atom:link": { _attr: { rel: "next", href: context.olderUrl } } },
            { "atom:link": { _attr: { rel: "prev-archive", href: context.olderUrl } } },
          ]),
      ...(context.currentUrl === undefined
        ? []
        : [{ "atom:link": { _attr: { rel: "current", href: context.currentUrl } } }]),
    ],
  });
  for (const document of documents) {
    // RSS allows one enclosure an item: the first image whose type is known; Media RSS carries them all.
    const enclosed = document.images.find((image) => imageType(image) !== undefined);
    feed.item({
      // RSS requires a length: the publisher's, else 0 ("unknown", as the RSS Best Practices Profile says).
      ...(enclosed === undefined
        ? {}
        : { enclosure: { url: enclosed.url, type: imageType(enclosed)!, size: enclosed.size ?? 0 } }),
      title: document.title,
      description: document.summary,
      url: releaseLink(document, context.publicBaseUrl),
      guid: releaseGuid(document),
      categories: document.tags,
      author: authorOf(document, context),
      date: document.publishedAt,
      custom_elements: [
        { "content:encoded": { _cdata: document.bodyHtml } },
        // Corrections show as updates in RSS readers too; a feed of several languages says each item's.
        { "atom:updated": itemUpdatedAt(document) },
        ...(context.language === undefined ? [{ "dc:language": document.language }] : []),
        ...mediaContent(document),
      ],
    });
  }
  return feed
    .xml({ indent: false })
    .replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, `<lastBuildDate>${updated.toUTCString()}</lastBuildDate>`);
}
