import { parseFeed } from "@rowanmanning/feed-parser";
import { decodeHTML, decodeXML } from "entities";
import sanitizeHtml from "sanitize-html";
import { AnyHostHttpUrlSchema, HttpUrlSchema, type ReleaseInput } from "@gazette/shared/contract";
import { extractPhotoCredit, removePageFurniture } from "./page-furniture.ts";
import { parseFeedDate } from "./dates.ts";
import { feedHintsOf } from "./feed-hints.ts";
import type { FeedHints } from "../poll-timing.ts";
import type { UpstreamFeed } from "../feeds-file.ts";
import { detectLanguage, isDetectable, mismatchConfidence, primarySubtag } from "../../language-detection.ts";

/** A document that is not what its upstream is configured as (the worker reports it as the poll's error). */
export class UnreadableDocument extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreadableDocument";
  }
}

/** Entries oldest first (by their date; undated ones last, in feed order), so versions follow time. */
function oldestFirst(entries: UpstreamEntry[]): UpstreamEntry[] {
  const time = (entry: UpstreamEntry) =>
    "release" in entry && entry.release.publishedAt !== undefined
      ? Date.parse(entry.release.publishedAt)
      : Number.POSITIVE_INFINITY;
  return entries
    .map((entry, index) => ({ entry, index, at: time(entry) }))
    .sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1))
    .map(({ entry }) => entry);
}

/**
 * One entry of an upstream feed, as a release to submit (with the optional fields that were dropped,
 * and why), or why it cannot be one.
 */
export type UpstreamEntry =
  | { ref: string; release: ReleaseInput; dropped?: string[]; language?: LanguageNote }
  | { ref: string; skip: string };

/**
 * What detection said of an entry's language: `detected` (the source declared none), `undetermined`
 * (none declared, none detected with confidence: kept as `und`), `mismatch` (the declared language is
 * contradicted by a confident detection; the declared one is kept).
 */
export interface LanguageNote {
  kind: "detected" | "undetermined" | "mismatch";
  declared?: string;
  /** The detected language; for `undetermined`, the best guess if there was one. */
  detected: string;
  confidence: number;
}

/** The entry's language: the declared one (checked against its text), else the one detected in its text, else `und`. */
function languageOfEntry(
  declared: string | undefined,
  title: string,
  bodyHtml: string,
): { language: string; detected: boolean; note?: LanguageNote } {
  if (declared !== undefined && !isDetectable(declared)) return { language: declared, detected: false };
  const guess = detectLanguage(title, plainText(bodyHtml));
  if (declared !== undefined) {
    const contradicted =
      guess.language !== "und" && guess.language !== primarySubtag(declared) && guess.confidence >= mismatchConfidence;
    return contradicted
      ? {
          language: declared,
          detected: false,
          note: { kind: "mismatch", declared, detected: guess.language, confidence: guess.confidence },
        }
      : { language: declared, detected: false };
  }
  return guess.language === "und"
    ? {
        language: "und",
        detected: true,
        note: { kind: "undetermined", detected: guess.best ?? "und", confidence: guess.confidence },
      }
    : {
        language: guess.language,
        detected: true,
        note: { kind: "detected", detected: guess.language, confidence: guess.confidence },
      };
}

/** HTML as plain text: tags out, entities decoded exactly once (sanitize-html escapes its text output; decoding undoes just that). */
const plainText = (html: string) =>
  decodeHTML(sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }))
    .replace(/\s+/g, " ")
    .trim();
/** Inline HTML tags some feeds put in titles and category names; anything else (`<blink>` in a title about it) is text. */
const inlineMarkup = /<\/?(?:b|i|em|strong|span|br|a|sup|sub|small|u|s|mark|abbr|q|cite|font)(?:\s[^<>]*)?\/?>/gi;
/** A title or tag as plain text: already decoded once by the parser; inline markup removed, spaces collapsed. */
const labelText = (text: string) => text.replace(inlineMarkup, "").replace(/\s+/g, " ").trim();
/** A link a release can carry: on a public domain, or on any host for a feed on an internal network. */
const isHttpUrl = (url: string | null | undefined, anyHost = false): url is string =>
  typeof url === "string" && (anyHost ? AnyHostHttpUrlSchema : HttpUrlSchema).safeParse(url).success;
const languageTag = (tag: string | null | undefined) => (tag ? tag.trim().replaceAll("_", "-") : undefined);

function tagsOf(labels: (string | null | undefined)[]): string[] {
  const tags = labels
    .map((label) => (label ? labelText(label) : ""))
    .filter((label) => label !== "" && label.length <= 64);
  return [...new Set(tags)].slice(0, 50);
}

/** What themes and feed plugins append to an excerpt: a "read more" link, "The post … appeared first on …", "[…]". */
const excerptFurniture = [
  /\s*(?:continue reading|read more|читать далее|продолжить чтение|подробнее|толығырақ(?: оқу)?)\b[\s\S]*$/iu,
  /\s*(?:the post .+ appeared first on .+|(?:запись|сообщение) .+ впервые появил(?:ась|ось|ся)(?: на)? .+)$/iu,
  /\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*$/u,
];

function summaryOf(html: string | null | undefined): string | undefined {
  let text = html ? plainText(removePageFurniture(html)) : "";
  for (const pattern of excerptFurniture) text = text.replace(pattern, "");
  text = text.trim();
  return text === "" ? undefined : text.length <= 2000 ? text : `${text.slice(0, 1999)}…`;
}

/** A title for an untitled item (RSS 2.0 allows them): the first words of its text, up to 120 characters. */
function titleFromText(text: string): string {
  if (text.length <= 120) return text;
  const cut = text.slice(0, 120);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > 60 ? cut.slice(0, lastSpace) : cut).replace(/[\s.,;:–—-]+$/u, "")}…`;
}

/**
 * The entry as release input: the body is the full content (RSS `content:encoded`, Atom `content`),
 * else the description, without page furniture; the description becomes the summary when there is
 * full content. Validation (lengths, dates, URLs) is the push path's, applied by the caller.
 */
/** An absolute URL for `url` against `base` (the item's link, else the feed's URL); undefined when it cannot be one. */
function absolute(url: string | null | undefined, base: string | undefined): string | undefined {
  if (url === null || url === undefined || url.trim() === "") return undefined;
  try {
    return new URL(url.trim(), base).href;
  } catch {
    return undefined;
  }
}

/** Links and images in content made absolute (`href="/news/…"`, `<img src="/sites/…">`): readers elsewhere cannot follow relative ones. */
function withAbsoluteUrls(html: string, base: string | undefined): string {
  if (base === undefined || !/\s(?:href|src)\s*=/i.test(html)) return html;
  const resolve = (attribute: string) => (tagName: string, attribs: sanitizeHtml.Attributes) => {
    const value = attribs[attribute];
    const resolved = value === undefined || /^(?:#|mailto:|tel:)/i.test(value) ? undefined : absolute(value, base);
    return { tagName, attribs: resolved === undefined ? attribs : { ...attribs, [attribute]: resolved } };
  };
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    transformTags: { a: resolve("href"), img: resolve("src") },
  });
}

function fromParts(
  ref: string,
  parts: {
    id?: string | null;
    title?: string | null;
    titleIsHtml?: boolean;
    credit?: string | undefined;
    content?: string | null;
    description?: string | null;
    url?: string | null;
    date?: Date | null;
    categories: (string | null)[];
    images: { url: string; caption?: string | null; mimeType?: string | null; size?: number | null }[];
  },
  language: string | undefined,
  feedUrl?: string,
  anyHost = false,
): UpstreamEntry {
  const isLinkable = (url: string | null | undefined): url is string => isHttpUrl(url, anyHost);
  const link = absolute(parts.url, feedUrl);
  const base = isLinkable(link) ? link : feedUrl;
  parts = {
    ...parts,
    url: link ?? parts.url ?? null,
    images: parts.images.map((image) => ({ ...image, url: absolute(image.url, base) ?? image.url })),
  };
  const externalId = parts.id?.trim() || (isLinkable(parts.url) ? parts.url : undefined);
  if (externalId === undefined) return { ref, skip: "no guid/id and no link to tell it by" };
  const bodyHtml = parts.content?.trim() ? parts.content : parts.description;
  if (!bodyHtml?.trim()) return { ref: externalId, skip: "no content and no description" };
  const dropped: string[] = [];
  const extracted = extractPhotoCredit(removePageFurniture(withAbsoluteUrls(bodyHtml, base)));
  const body = extracted.html;
  const credit = extracted.credit ?? parts.credit;
  let title = parts.title ? (parts.titleIsHtml === true ? plainText(parts.title) : labelText(parts.title)) : "";
  if (title === "") {
    title = titleFromText(plainText(body));
    dropped.push("no title: the first words of the text stand for it");
  }
  const found = languageOfEntry(language, title, body);
  const release: ReleaseInput = {
    externalId,
    language: found.language,
    ...(found.detected ? { languageSource: "detected" as const } : {}),
    title,
    body,
    tags: tagsOf(parts.categories),
  };
  const summary = parts.content?.trim() ? summaryOf(parts.description) : undefined;
  if (summary !== undefined) release.summary = summary;
  if (parts.date && !Number.isNaN(parts.date.getTime())) release.publishedAt = parts.date.toISOString();
  else if (parts.date) dropped.push("publishedAt: the date could not be read; the time of receipt stands for it");
  if (isLinkable(parts.url)) release.sourceUrl = parts.url;
  else if (parts.url)
    dropped.push(`sourceUrl ${JSON.stringify(String(parts.url).slice(0, 200))}: not a usable http(s) URL`);
  const usable = parts.images.filter((image) => isLinkable(image.url));
  for (const image of parts.images)
    if (!isLinkable(image.url))
      dropped.push(`image ${JSON.stringify(String(image.url).slice(0, 200))}: not a usable http(s) URL`);
  const images = usable.slice(0, 50);
  if (images.length > 0) {
    release.images = images.map((image, index) => {
      const caption = image.caption ? plainText(image.caption).slice(0, 1000) : "";
      const mimeType = image.mimeType && /^image\/[a-z0-9.+-]+$/.test(image.mimeType) ? image.mimeType : undefined;
      const size =
        typeof image.size === "number" && Number.isInteger(image.size) && image.size > 0 && image.size <= 1024 ** 3
          ? image.size
          : undefined;
      return {
        url: image.url,
        ...(caption === "" ? {} : { caption }),
        ...(index === 0 && credit !== undefined ? { credit } : {}),
        ...(mimeType === undefined ? {} : { mimeType }),
        ...(size === undefined ? {} : { size }),
      };
    });
  }
  return {
    ref: externalId,
    release,
    ...(dropped.length === 0 ? {} : { dropped }),
    ...(found.note === undefined ? {} : { language: found.note }),
  };
}

/**
 * The XML as @rowanmanning/feed-parser should see it. That parser decodes HTML entities again after the
 * XML parser has decoded the XML ones, which decodes escaped markup twice (`<code>&lt;br /></code>`
 * became `<code><br /></code>`). Escaping every `&` once more beforehand makes its second decoding undo
 * exactly that, so text fields come out decoded once; the fields it does not decode again (links,
 * media URLs) get `decodeXML` below. The upstream tests pin this behaviour (entities in titles, tags,
 * code samples, URLs).
 */
/** Media that is an image: by `medium`/type, by MIME type, or (Media RSS without either, as many news sites send it) by the URL's extension. */
function isImage(media: {
  type?: string | null;
  mimeType?: string | null;
  url: string;
  image?: string | null;
}): boolean {
  if (media.type === "image" || media.mimeType?.startsWith("image/") === true) return true;
  if ((media.mimeType ?? "") !== "" || (media.type ?? "image") !== "image") return false;
  return /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i.test(media.image ?? media.url);
}

/**
 * An item's date, read from its own text (RSS `pubDate`/`dc:date`, Atom `published`/`updated`) by
 * parseFeedDate: the parser's `new Date(text)` drops named zones and reads a zoneless time in the
 * host's zone. Invalid Date when the item has a date that cannot be read; null when it has none.
 */
function dateOf(item: ReturnType<typeof parseFeed>["items"][number], timeZone = "UTC"): Date | null {
  const raw = ["pubdate", "published", "date", "issued", "updated", "modified"]
    .map((name) => item.element.findElementWithName(name)?.textContent.trim())
    .find((text) => text !== undefined && text !== "");
  if (raw === undefined) return item.published ?? item.updated;
  return parseFeedDate(decodeXML(raw), timeZone) ?? new Date(Number.NaN);
}

type FeedItem = ReturnType<typeof parseFeed>["items"][number];
type FeedElement = FeedItem["element"];

/** Direct children of an element with this local name in no namespace, or in the feed's own (Atom). */
function ownChildren(element: FeedElement, name: string): FeedElement[] {
  return element.children.filter(
    (child): child is FeedElement =>
      typeof child !== "string" &&
      child.name === name &&
      (child.namespaceUri === null ||
        child.namespaceUri === "" ||
        child.namespaceUri === "http://www.w3.org/2005/Atom"),
  );
}

/** The item's own categories (RSS `category`, Atom `category` term/label, `dc:subject`), never the channel's. */
function itemCategories(item: FeedItem): string[] {
  const core = ownChildren(item.element, "category").map((category) => {
    const label = category.attributes["label"] ?? category.attributes["term"];
    return decodeXML(typeof label === "string" ? label : category.textContent);
  });
  const subjects = item.element.children
    .filter((child): child is FeedElement => typeof child !== "string" && child.name === "subject")
    .map((subject) => decodeXML(subject.textContent));
  return [...core, ...subjects].map((label) => label.trim()).filter((label) => label !== "");
}

/** The core RSS `description` (Atom `summary`), not an extension's element of the same name (`media:description`). */
function coreDescription(item: FeedItem): string | null {
  const element = ownChildren(item.element, "description")[0] ?? ownChildren(item.element, "summary")[0];
  if (element === undefined) return null;
  return element.attributes["type"] === "xhtml" ? item.description : decodeXML(element.textContent);
}

/** Elements below `element` (any depth) with this local name: Media RSS nests them in `media:group`. */
function descendants(element: FeedElement, name: string): FeedElement[] {
  return element.children.flatMap((child) =>
    typeof child === "string" ? [] : [...(child.name === name ? [child] : []), ...descendants(child, name)],
  );
}

/** Atom `type="text"` content is text, not markup: `a < b` must stay `a < b` (escaped once, in paragraphs). */
function asHtml(value: string | null | undefined, element: FeedElement | null): string | null | undefined {
  if (value === null || value === undefined || element?.attributes["type"] !== "text") return value;
  return value
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "")
    .map((paragraph) => `<p>${escapeHtmlText(paragraph)}</p>`)
    .join("");
}

const escapeHtmlText = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** The item's images: Media RSS content (alone or in groups) and enclosures, else its thumbnail. */
function imagesOf(
  item: FeedItem,
): { url: string; caption?: string | null; mimeType?: string | null; size?: number | null }[] {
  const images = item.media.filter(isImage).map((media) => ({
    url: decodeXML(media.image ?? media.url),
    caption: media.title,
    mimeType: media.mimeType,
    size: media.length,
  }));
  if (images.length > 0) return images;
  return descendants(item.element, "thumbnail").flatMap((thumbnail) =>
    typeof thumbnail.attributes["url"] === "string" ? [{ url: decodeXML(thumbnail.attributes["url"]) }] : [],
  );
}

/** `media:credit` (of the item or its group), the photographer or agency named by the feed. */
function mediaCredit(element: FeedElement): string | undefined {
  const text = descendants(element, "credit")[0]?.textContent.trim();
  return text === undefined || text === "" ? undefined : decodeHTML(text).replace(/^(?:фото|photo|сурет)\s*:\s*/i, "");
}

const forFeedParser = (xml: string) => xml.replaceAll("&", "&amp;");
const onceDecoded = (value: string | null | undefined) =>
  value === null || value === undefined ? value : decodeXML(value);

/** The WebSub hub and self URL a parsed feed advertises (`<atom:link rel="hub">`, `rel="self"`), if any. */
function hubOf(parsed: ReturnType<typeof parseFeed>): { hub: string; self?: string } | undefined {
  // The feed's own links (children of <feed> or <channel>), not those of its entries.
  const links = descendants(parsed.element, "link").filter(
    (link) => link.parent?.name === "feed" || link.parent?.name === "channel",
  );
  const hrefOf = (rel: string) => {
    const href = links.find((link) => link.attributes["rel"] === rel)?.attributes["href"];
    return typeof href === "string" ? decodeXML(href) : undefined;
  };
  const hub = hrefOf("hub");
  // Hubs and topics are reached, not published: any http(s) URL (an intranet hub included).
  const reachable = (url: string | undefined): url is string =>
    url !== undefined && URL.canParse(url) && /^https?:$/.test(new URL(url).protocol);
  if (!reachable(hub)) return undefined;
  const self = hrefOf("self");
  return { hub, ...(reachable(self) ? { self } : {}) };
}

type FeedSettings = Pick<UpstreamFeed, "language"> & {
  url?: string;
  timeZone?: string;
  /** Links on any host (IPs, single labels) are usable: the feed is on an internal network. */
  anyHost?: boolean;
};

/** Entries of an RSS 2.0 or Atom 1.0 document, oldest first; throws if it is no feed at all. */
/** Every entry of a feed document (the poll path caps them: `readFeed` with INGEST_UPSTREAM_MAX_ITEMS). */
export function entriesOfFeed(xml: string, feed: FeedSettings, maxItems = Number.POSITIVE_INFINITY): UpstreamEntry[] {
  return readFeed(xml, feed, maxItems).entries;
}

/** A feed document read once: its entries (oldest first), the WebSub hub it advertises, if any, and its polling hints. */
export function readFeed(
  xml: string,
  feed: FeedSettings,
  maxItems: number,
): { entries: UpstreamEntry[]; hub?: { hub: string; self?: string }; hints: FeedHints } {
  const parsed = parseFeed(forFeedParser(xml));
  const hub = hubOf(parsed);
  return {
    entries: entriesOfParsed(parsed, feed, maxItems),
    ...(hub === undefined ? {} : { hub }),
    hints: feedHintsOf(parsed.element),
  };
}

function entriesOfParsed(parsed: ReturnType<typeof parseFeed>, feed: FeedSettings, maxItems: number): UpstreamEntry[] {
  const language = feed.language ?? languageTag(onceDecoded(parsed.language));
  const entries = parsed.items.slice(0, maxItems).map((item, index) =>
    fromParts(
      `item ${index + 1}`,
      {
        id: onceDecoded(item.id),
        title: item.title,
        content: asHtml(item.content, item.element.findElementWithName("content")),
        description: asHtml(coreDescription(item), item.element.findElementWithName("summary")),
        credit: mediaCredit(item.element),
        url: onceDecoded(item.url),
        date: dateOf(item, feed.timeZone),
        categories: itemCategories(item),
        images: imagesOf(item),
      },
      language,
      feed.url,
      feed.anyHost,
    ),
  );
  return oldestFirst(entries);
}

const rendered = (value: unknown) =>
  typeof value === "object" && value !== null && typeof (value as { rendered?: unknown }).rendered === "string"
    ? (value as { rendered: string }).rendered
    : null;
const gmtDate = (value: unknown) =>
  typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(value) ? new Date(`${value}Z`) : null;
/** WordPress's `date` is the site's local time: read in the upstream's configured zone. */
const localDate = (value: unknown, timeZone = "UTC") =>
  typeof value === "string" ? (parseFeedDate(value, timeZone) ?? new Date(Number.NaN)) : null;

/**
 * Entries of a WordPress REST API posts list (`/wp-json/wp/v2/posts?_embed`), oldest first; throws if it is
 * not one. All of them unless capped (the poll path caps them with INGEST_UPSTREAM_MAX_ITEMS).
 */
export function entriesOfWordPressPosts(
  json: string,
  feed: FeedSettings,
  maxItems = Number.POSITIVE_INFINITY,
): UpstreamEntry[] {
  const posts: unknown = JSON.parse(json);
  if (!Array.isArray(posts)) throw new UnreadableDocument("a WordPress posts list is a JSON array");
  const entries = posts.slice(0, maxItems).map((post, index): UpstreamEntry => {
    if (typeof post !== "object" || post === null) return { ref: `post ${index + 1}`, skip: "not a post object" };
    const p = post as Record<string, unknown>;
    const embedded = (p["_embedded"] ?? {}) as { "wp:term"?: unknown; "wp:featuredmedia"?: unknown };
    // Categories and tags only: other taxonomies (authors, formats, a theme's own) are not what a release is about.
    const terms = (Array.isArray(embedded["wp:term"]) ? embedded["wp:term"].flat() : []).filter((term) =>
      ["category", "post_tag"].includes(String((term as { taxonomy?: unknown } | null)?.taxonomy ?? "category")),
    );
    const media = Array.isArray(embedded["wp:featuredmedia"]) ? embedded["wp:featuredmedia"] : [];
    return fromParts(
      `post ${index + 1}`,
      {
        id: rendered(p["guid"]) ?? (typeof p["id"] === "number" ? `wp-post-${p["id"]}` : null),
        title: rendered(p["title"]),
        titleIsHtml: true,
        content: rendered(p["content"]),
        description: rendered(p["excerpt"]),
        url: typeof p["link"] === "string" ? p["link"] : null,
        date: gmtDate(p["date_gmt"]) ?? localDate(p["date"], feed.timeZone),
        // Term names come HTML-escaped (`Television &amp; radio`).
        categories: terms.map((term) =>
          typeof term === "object" && term !== null && typeof (term as { name?: unknown }).name === "string"
            ? decodeHTML((term as { name: string }).name)
            : null,
        ),
        images: media.flatMap((item) => {
          const m = (item ?? {}) as { source_url?: unknown; caption?: unknown; mime_type?: unknown };
          return typeof m.source_url === "string"
            ? [
                {
                  url: m.source_url,
                  caption: rendered(m.caption),
                  mimeType: typeof m.mime_type === "string" ? m.mime_type : null,
                },
              ]
            : [];
        }),
      },
      feed.language,
      feed.url,
      feed.anyHost,
    );
  });
  return oldestFirst(entries);
}
