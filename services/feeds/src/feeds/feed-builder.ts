import { primaryLanguageSubtag, type ReleaseDocument } from "@gazette/shared";
import { renderedFeed, type RenderedFeed } from "../http-cache/index.ts";
import { interfaceLanguages, interfaceText, languageName, type InterfaceLanguage } from "../portal/index.ts";
import { feedUpdated, type FeedContext } from "./feed-context.ts";
import { storiesOf, type ReleaseReader } from "../read/index.ts";
import { renderAtom, renderJsonFeed, renderRss, renderNinjsFeed } from "./render/index.ts";
import { canonicalFeedQuery, type FeedParams } from "../http/index.ts";

/** Items in a feed page. */
export const feedSize = 50;
/** How long a withdrawn release stays in a feed: an Atom tombstone (RFC 6721), a ninjs `withheld` item, a JSON Feed `_gazette.withdrawn` item. */
export const tombstoneDays = 30;

export const feedFormats = {
  rss: { render: renderRss, contentType: "application/rss+xml; charset=utf-8" },
  atom: { render: renderAtom, contentType: "application/atom+xml; charset=utf-8" },
  json: { render: renderJsonFeed, contentType: "application/feed+json; charset=utf-8" },
  ninjs: { render: renderNinjsFeed, contentType: "application/json; charset=utf-8" },
} as const;
export type FeedFormat = keyof typeof feedFormats;

export interface FeedRequest {
  format: FeedFormat;
  /** The path the feed was asked for (its self link), e.g. `/feeds/atom.xml` or `/tags/Жусан/feed.atom`. */
  path: string;
  params: FeedParams;
  /** Filters the path already says (`/publishers/{id}/…`), left out of the self link's query. */
  pathParams: (keyof FeedParams)[];
  publicBaseUrl: string;
  /** The WebSub hub the feed advertises. */
  hubUrl: string;
  now: Date;
  /** A publisher's name for readers of a language; its id when not given. */
  publisherName?: (id: string, language?: string) => string;
}

/** The language a feed's own words are in: its items' language when the interface speaks it, else English. */
function feedTextLanguage(params: FeedParams): InterfaceLanguage {
  const primary = params.lang === undefined ? "" : primaryLanguageSubtag(params.lang);
  return (interfaceLanguages as readonly string[]).includes(primary) ? (primary as InterfaceLanguage) : "en";
}

/** The feed's title in its own language: what it holds (ministry, language, tag, query). */
export function feedTitle(params: FeedParams, publisherName: (id: string, language?: string) => string): string {
  const language = feedTextLanguage(params);
  const scope = [
    params.publisher === undefined ? undefined : publisherName(params.publisher, params.lang),
    params.lang === undefined ? undefined : languageName(params.lang, language),
    params.tag === undefined ? undefined : `#${params.tag}`,
    params.q === undefined ? undefined : `“${params.q}”`,
  ]
    .filter((part) => part !== undefined)
    .join(", ");
  const base = interfaceText[language].feedTitle;
  return scope === "" ? base : `${base} (${scope})`;
}

/**
 * One page of a feed: the newest releases matching the filters (or those before the `before`
 * cursor: an RFC 5005 archive page), their other language versions, the Atom tombstones of recent
 * withdrawals (first page only), and links to the older page and back to the current feed.
 */
export async function buildFeed(releases: ReleaseReader, request: FeedRequest): Promise<RenderedFeed> {
  const { params, publicBaseUrl } = request;
  const format = feedFormats[request.format];
  const page = await releases.latest(params, feedSize, params.before);
  const queryOf = (extra: Partial<FeedParams>) => {
    const merged: FeedParams = { ...params, ...extra };
    for (const name of request.pathParams) delete merged[name];
    if (extra.before === undefined) delete merged.before;
    return canonicalFeedQuery(merged);
  };
  const feedUrl = `${publicBaseUrl}${request.path}`;
  const keys = [
    ...new Set(
      page.documents.flatMap((document) => (document.translationKey === undefined ? [] : [document.translationKey])),
    ),
  ];
  const versions = await releases.translations(keys);
  const translations = new Map<string, ReleaseDocument[]>();
  for (const version of versions)
    translations.set(version.translationKey!, [...(translations.get(version.translationKey!) ?? []), version]);
  // Every format's first page: Atom, ninjs and JSON Feed show them; every feed's date follows them.
  const tombstones =
    params.before === undefined
      ? await releases.withdrawnSince(params, new Date(request.now.getTime() - tombstoneDays * 86_400_000), feedSize)
      : [];
  const context: FeedContext = {
    title: feedTitle(params, request.publisherName ?? ((id) => id)),
    description: interfaceText[feedTextLanguage(params)].feedDescription,
    selfUrl: `${feedUrl}${queryOf({ before: params.before })}`,
    siteUrl: `${publicBaseUrl}/`,
    ...(params.lang === undefined ? {} : { language: params.lang }),
    publicBaseUrl,
    hubUrl: request.hubUrl,
    ...(page.documents.length === feedSize && page.last !== undefined
      ? { olderUrl: `${feedUrl}${queryOf({ before: page.last })}` }
      : {}),
    ...(params.before === undefined ? {} : { currentUrl: `${feedUrl}${queryOf({})}` }),
    translations,
    ...(params.collapse === "story" ? { stories: await storiesOf(releases, page.documents) } : {}),
    tombstones,
    ...(request.publisherName === undefined ? {} : { publisherName: request.publisherName }),
    ...(params.version === undefined ? {} : { ninjsVersion: params.version }),
  };
  const lastModified =
    page.documents.length + tombstones.length > 0 ? feedUpdated(page.documents, tombstones) : undefined;
  const feed = renderedFeed(
    format.render(context, page.documents),
    lastModified,
    `<${request.hubUrl}>; rel="hub", <${context.selfUrl}>; rel="self"`,
  );
  return { ...feed, publishers: [...new Set(page.documents.map((document) => document.publisher))] };
}
