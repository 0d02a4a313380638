import type { ReleaseDocument } from "@gazette/shared";
import { imageType, itemUpdated, otherVersions, releaseGuid, type FeedContext, authorOf } from "../feed-context.ts";
import { type Tombstone, otherStoryMembers } from "../../read/index.ts";
import { releaseLink } from "../../links.ts";

/** With collapse=story: the story and its other releases (the same news from other publishers). */
function storyExtension(document: ReleaseDocument, context: FeedContext): { story?: object } {
  if (context.stories === undefined || document.storyId === undefined) return {};
  return {
    story: {
      id: document.storyId,
      canonical: document.storyCanonical !== false,
      others: otherStoryMembers(document, context.stories).map((member) => ({
        id: releaseGuid(member),
        publisher: authorOf(member, context),
        language: member.language,
        title: member.title,
        url: releaseLink(member, context.publicBaseUrl),
        date_published: new Date(member.publishedAt).toISOString(),
      })),
    },
  };
}

/** Gazette's own item fields (`_gazette`, as JSON Feed's extensions go): other language versions, a detected language. */
function gazetteExtension(document: ReleaseDocument, context: FeedContext): { _gazette?: object } {
  const versions = otherVersions(document, context);
  const extension = {
    ...(versions.length === 0
      ? {}
      : {
          translations: versions.map((version) => ({
            id: releaseGuid(version),
            language: version.language,
            title: version.title,
            url: releaseLink(version, context.publicBaseUrl),
          })),
        }),
    ...(document.languageSource === undefined ? {} : { languageSource: document.languageSource }),
    ...storyExtension(document, context),
  };
  return Object.keys(extension).length === 0 ? {} : { _gazette: extension };
}

/** A withdrawal as a JSON Feed item: its release's id, `_gazette.withdrawn` with when and why. */
function withdrawnItem(tombstone: Tombstone): object {
  const at = new Date(tombstone.withdrawnAt).toISOString();
  return {
    id: `urn:gazette:release:${tombstone.id}`,
    content_text: tombstone.withdrawalReason ?? "Withdrawn by its publisher.",
    date_modified: at,
    language: tombstone.language,
    _gazette: {
      withdrawn: { at, ...(tombstone.withdrawalReason === undefined ? {} : { reason: tombstone.withdrawalReason }) },
    },
  };
}

/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1). Pure: same input, same bytes. */
export function renderJsonFeed(context: FeedContext, documents: readonly ReleaseDocument[]): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: context.title,
    description: context.description,
    home_page_url: context.siteUrl,
    feed_url: context.selfUrl,
    ...(context.language === undefined ? {} : { language: context.language }),
    ...(context.olderUrl === undefined ? {} : { next_url: context.olderUrl }),
    ...(context.hubUrl === undefined ? {} : { hubs: [{ type: "WebSub", url: context.hubUrl }] }),
    items: documents.map((document) => ({
      id: releaseGuid(document),
      url: releaseLink(document, context.publicBaseUrl),
      title: document.title,
      summary: document.summary,
      content_html: document.bodyHtml,
      date_published: new Date(document.publishedAt).toISOString(),
      date_modified: itemUpdated(document).toISOString(),
      authors: [{ name: authorOf(document, context) }],
      tags: document.tags,
      language: document.language,
      ...(document.images[0] === undefined ? {} : { image: document.images[0].url }),
      ...(document.images.length === 0
        ? {}
        : {
            attachments: document.images.map((image) => ({
              url: image.url,
              mime_type: imageType(image) ?? "application/octet-stream",
              ...(image.caption === undefined ? {} : { title: image.caption }),
            })),
          }),
      ...gazetteExtension(document, context),
    })),
  };
  // JSON Feed has no tombstone of its own: a withdrawal is an item of the release's id, the reason as
  // its text, and `_gazette.withdrawn` (docs/aggregators.md), after the releases.
  feed.items.push(...((context.tombstones ?? []).map(withdrawnItem) as typeof feed.items));
  return JSON.stringify(feed);
}
