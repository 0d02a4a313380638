import { parseFeed } from "@rowanmanning/feed-parser";
import sanitizeHtml from "sanitize-html";
import type { ReleaseInput } from "@gazette/shared";
import { extractPhotoCredit, removePageFurniture } from "./page-furniture.ts";
import type { UpstreamFeed } from "./upstream-config.ts";

/** Entries oldest first (by their date; undated ones last, in feed order), so versions follow time. */
function oldestFirst(entries: UpstreamEntry[]): UpstreamEntry[] {
  const time = (entry: UpstreamEntry) => ("release" in entry && entry.release.publishedAt !== undefined ? Date.parse(entry.release.publishedAt) : Number.POSITIVE_INFINITY);
  return entries.map((entry, index) => ({ entry, index, at: time(entry) })).sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1)).map(({ entry }) => entry);
}

/** One entry of an upstream feed, as a release to submit, or why it cannot be one. */
export type UpstreamEntry = { ref: string; release: ReleaseInput } | { ref: string; skip: string };

const plainText = (html: string) => sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, " ").trim();
const isHttpUrl = (url: string | null | undefined): url is string => typeof url === "string" && /^https?:\/\//i.test(url);
const languageTag = (tag: string | null | undefined) => (tag ? tag.trim().replaceAll("_", "-") : undefined);

function tagsOf(labels: (string | null | undefined)[]): string[] {
  const tags = labels.map((label) => (label ? plainText(label) : "")).filter((label) => label !== "" && label.length <= 64);
  return [...new Set(tags)].slice(0, 50);
}

function summaryOf(html: string | null | undefined): string | undefined {
  const text = html ? plainText(html) : "";
  return text === "" ? undefined : text.length <= 2000 ? text : `${text.slice(0, 1999)}…`;
}

/**
 * The entry as release input: the body is the full content (RSS `content:encoded`, Atom `content`),
 * else the description, without page furniture; the description becomes the summary when there is
 * full content. Validation (lengths, dates, URLs) is the push path's, applied by the caller.
 */
function fromParts(ref: string, parts: { id?: string | null; title?: string | null; content?: string | null; description?: string | null; url?: string | null; date?: Date | null; categories: (string | null)[]; images: { url: string; caption?: string | null; mimeType?: string | null }[] }, language: string | undefined): UpstreamEntry {
  const externalId = parts.id?.trim() || (isHttpUrl(parts.url) ? parts.url : undefined);
  if (externalId === undefined) return { ref, skip: "no guid/id and no link to tell it by" };
  if (language === undefined) return { ref: externalId, skip: "no language: the feed gives none and the upstream config sets none" };
  const bodyHtml = parts.content?.trim() ? parts.content : parts.description;
  if (!bodyHtml?.trim()) return { ref: externalId, skip: "no content and no description" };
  const title = parts.title ? plainText(parts.title) : "";
  const { html: body, credit } = extractPhotoCredit(removePageFurniture(bodyHtml));
  const release: ReleaseInput = { externalId, language, title, body, tags: tagsOf(parts.categories) };
  const summary = parts.content?.trim() ? summaryOf(parts.description) : undefined;
  if (summary !== undefined) release.summary = summary;
  if (parts.date) release.publishedAt = parts.date.toISOString();
  if (isHttpUrl(parts.url)) release.sourceUrl = parts.url;
  const images = parts.images.filter((image) => isHttpUrl(image.url)).slice(0, 50);
  if (images.length > 0) {
    release.images = images.map((image, index) => {
      const caption = image.caption ? plainText(image.caption).slice(0, 1000) : "";
      const mimeType = image.mimeType && /^image\/[a-z0-9.+-]+$/.test(image.mimeType) ? image.mimeType : undefined;
      return { url: image.url, ...(caption === "" ? {} : { caption }), ...(index === 0 && credit !== undefined ? { credit } : {}), ...(mimeType === undefined ? {} : { mimeType }) };
    });
  }
  return { ref: externalId, release };
}

/** Entries of an RSS 2.0 or Atom 1.0 document, oldest first; throws if it is no feed at all. */
export function entriesOfFeed(xml: string, feed: Pick<UpstreamFeed, "language">): UpstreamEntry[] {
  const parsed = parseFeed(xml);
  const language = feed.language ?? languageTag(parsed.language);
  const entries = parsed.items.map((item, index) =>
    fromParts(
      `item ${index + 1}`,
      {
        id: item.id,
        title: item.title,
        content: item.content,
        description: item.description,
        url: item.url,
        date: item.published ?? item.updated,
        categories: item.categories.map((category) => category.label ?? category.term),
        images: item.media.filter((media) => media.type === "image" || media.mimeType?.startsWith("image/")).map((media) => ({ url: media.image ?? media.url, caption: media.title, mimeType: media.mimeType })),
      },
      language,
    ),
  );
  return oldestFirst(entries);
}

const rendered = (value: unknown) => (typeof value === "object" && value !== null && typeof (value as { rendered?: unknown }).rendered === "string" ? (value as { rendered: string }).rendered : null);
const gmtDate = (value: unknown) => (typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(value) ? new Date(`${value}Z`) : null);

/** Entries of a WordPress REST API posts list (`/wp-json/wp/v2/posts?_embed`), oldest first; throws if it is not one. */
export function entriesOfWordPressPosts(json: string, feed: Pick<UpstreamFeed, "language">): UpstreamEntry[] {
  const posts: unknown = JSON.parse(json);
  if (!Array.isArray(posts)) throw new Error("a WordPress posts list is a JSON array");
  const entries = posts.map((post, index): UpstreamEntry => {
    if (typeof post !== "object" || post === null) return { ref: `post ${index + 1}`, skip: "not a post object" };
    const p = post as Record<string, unknown>;
    const embedded = (p["_embedded"] ?? {}) as { "wp:term"?: unknown; "wp:featuredmedia"?: unknown };
    const terms = Array.isArray(embedded["wp:term"]) ? embedded["wp:term"].flat() : [];
    const media = Array.isArray(embedded["wp:featuredmedia"]) ? embedded["wp:featuredmedia"] : [];
    return fromParts(
      `post ${index + 1}`,
      {
        id: rendered(p["guid"]) ?? (typeof p["id"] === "number" ? `wp-post-${p["id"]}` : null),
        title: rendered(p["title"]),
        content: rendered(p["content"]),
        description: rendered(p["excerpt"]),
        url: typeof p["link"] === "string" ? p["link"] : null,
        date: gmtDate(p["date_gmt"]),
        categories: terms.map((term) => (typeof term === "object" && term !== null && typeof (term as { name?: unknown }).name === "string" ? (term as { name: string }).name : null)),
        images: media.flatMap((item) => {
          const m = (item ?? {}) as { source_url?: unknown; caption?: unknown; mime_type?: unknown };
          return typeof m.source_url === "string" ? [{ url: m.source_url, caption: rendered(m.caption), mimeType: typeof m.mime_type === "string" ? m.mime_type : null }] : [];
        }),
      },
      feed.language,
    );
  });
  return oldestFirst(entries);
}
