import RSS from "rss";
import type { ReleaseDocument } from "@gazette/shared";
import { feedUpdated, releaseGuid, releaseLink, type FeedContext } from "./feed-context.ts";

/**
 * RSS 2.0 through the `rss` package. It stamps `lastBuildDate` with the current time; we replace
 * that one element with the newest item's date, so the same releases always give the same bytes.
 */
export function renderRss(context: FeedContext, documents: readonly ReleaseDocument[]): string {
  const updated = feedUpdated(documents);
  const feed = new RSS({
    title: context.title,
    description: context.description,
    feed_url: context.selfUrl,
    site_url: context.siteUrl,
    generator: "Gazette",
    pubDate: updated,
    ttl: 5,
    ...(context.language === undefined ? {} : { language: context.language }),
  });
  for (const document of documents) {
    feed.item({
      title: document.title,
      description: document.summary,
      url: releaseLink(document, context.publicBaseUrl),
      guid: releaseGuid(document),
      categories: document.tags,
      author: document.publisher,
      date: document.publishedAt,
      custom_elements: [{ "content:encoded": { _cdata: document.bodyHtml } }],
    });
  }
  return feed.xml({ indent: false }).replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, `<lastBuildDate>${updated.toUTCString()}</lastBuildDate>`);
}
