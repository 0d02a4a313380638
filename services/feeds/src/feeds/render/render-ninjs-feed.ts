import type { ReleaseDocument } from "@gazette/shared";
import { authorOf, type FeedContext } from "../feed-context.ts";
import { ninjsOf, withheldNinjs } from "../ninjs.ts";

/**
 * A feed for news agencies: JSON Feed's envelope (title, self link, `next_url` to older pages, the
 * WebSub hub), its items IPTC ninjs documents (2.2, or 3.1 with `?version=3.1`). ninjs defines no list
 * of its own; each item is a complete ninjs document, withdrawals of the last 30 days as `withheld`
 * items after the releases. Pure: same input, same bytes.
 */
export function renderNinjsFeed(context: FeedContext, documents: readonly ReleaseDocument[]): string {
  const version = context.ninjsVersion ?? "2.2";
  return JSON.stringify({
    title: context.title,
    description: context.description,
    feed_url: context.selfUrl,
    home_page_url: context.siteUrl,
    ninjs_version: version,
    ...(context.language === undefined ? {} : { language: context.language }),
    ...(context.olderUrl === undefined ? {} : { next_url: context.olderUrl }),
    ...(context.hubUrl === undefined ? {} : { hubs: [{ type: "WebSub", url: context.hubUrl }] }),
    items: [
      ...documents.map((document) =>
        ninjsOf(document, {
          version,
          publicBaseUrl: context.publicBaseUrl,
          publisherName: authorOf(document, context),
        }),
      ),
      // Withdrawals of the last 30 days (first page only), so agencies take them down.
      ...(context.tombstones ?? []).map((tombstone) => withheldNinjs(tombstone, version)),
    ],
  });
}
