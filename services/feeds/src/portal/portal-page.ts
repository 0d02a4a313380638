import type { ReleaseDocument } from "@gazette/shared";
import { readableDate, resultCount } from "./interface-language.ts";
import { e, feedLinks, pageHref, renderPage, searchForm, textOf, type PageFrame } from "./page-layout.ts";
import type { Facet, Overview, SearchResult } from "../read/index.ts";
import { encodeCursor } from "../http/index.ts";

export interface PortalQuery {
  q?: string;
  publisher?: string;
  lang?: string;
  tag?: string;
}

type PublisherName = (id: string, language?: string) => string;

/** One release in a list: its title (highlighted when searched), who, when, the source, a fragment. */
export function releaseItem(
  frame: PageFrame,
  document: ReleaseDocument,
  publisherName: PublisherName,
  highlights?: { title?: string; body: string[] },
  heading: "h2" | "h3" = "h2",
): string {
  const text = textOf(frame);
  const title = highlights?.title ?? e(document.title);
  const fragment =
    highlights !== undefined && highlights.body.length > 0 ? highlights.body.join(" … ") : e(document.summary);
  const publisher = `<a href="${e(pageHref(frame, `/publishers/${encodeURIComponent(document.publisher)}`))}">${e(publisherName(document.publisher, frame.language))}</a>`;
  const when = `<time datetime="${e(document.publishedAt)}">${e(readableDate(document.publishedAt, frame.language))}</time>`;
  // The ministry's own page, when there is one (the release's page here is the title's link already).
  const source =
    document.sourceUrl === undefined
      ? ""
      : ` · <a href="${e(document.sourceUrl)}" rel="external" lang="${frame.language}">${e(text.source)}</a>`;
  const href = pageHref(frame, `/releases/${encodeURIComponent(document.id)}`);
  return `<li lang="${e(document.language)}"><${heading}><a href="${e(href)}">${title}</a></${heading}>
<p class="meta">${publisher} · ${when}${source}</p>
<p>${fragment}</p></li>`;
}

function facetSection(
  frame: PageFrame,
  heading: string,
  param: string,
  facets: readonly Facet[],
  label: (value: string) => string,
): string {
  if (facets.length === 0) return "";
  const links = facets.map((facet) => {
    const href = pageHref(frame, "/", { ...frame.query, [param]: facet.value, cursor: undefined });
    return `<li><a href="${e(href)}">${e(label(facet.value))}</a> <span class="count">${facet.count}</span></li>`;
  });
  return `<section><h2>${e(heading)}</h2><ul>${links.join("")}</ul></section>`;
}

/** The filters in effect, each a chip that removes it. */
function activeFilters(frame: PageFrame, query: PortalQuery, label: (param: string, value: string) => string): string {
  const text = textOf(frame);
  const chips = (["publisher", "lang", "tag"] as const)
    .filter((param) => query[param] !== undefined)
    .map((param) => {
      const href = pageHref(frame, "/", { ...frame.query, [param]: undefined, cursor: undefined });
      const value = label(param, query[param]!);
      return `<li><a class="chip" href="${e(href)}" aria-label="${e(`${text.removeFilter}: ${value}`)}">${e(value)} <span aria-hidden="true">×</span></a></li>`;
    });
  return chips.length === 0 ? "" : `<ul class="chips" aria-label="${e(text.activeFilters)}">${chips.join("")}</ul>`;
}

/** Nothing found: say so, and offer ways on (the same words without filters, every release). */
function emptyState(frame: PageFrame, query: PortalQuery): string {
  const text = textOf(frame);
  const filtered = query.publisher !== undefined || query.lang !== undefined || query.tag !== undefined;
  const ways = [
    query.q !== undefined && filtered
      ? `<li><a href="${e(pageHref(frame, "/", { q: query.q }))}">${e(text.emptyWithoutFilters)}</a></li>`
      : "",
    `<li><a href="${e(pageHref(frame, "/", { sort: "date" }))}">${e(text.emptyAll)}</a></li>`,
  ].join("");
  return `<div class="empty"><p>${e(text.noResults)}</p><p>${e(text.emptyTry)}:</p><ul>${ways}</ul></div>`;
}

/** The search results page: the form, chips, results with facets beside them, the next page. */
export function renderResultsPage(
  frame: PageFrame,
  query: PortalQuery & { q?: string | undefined },
  result: SearchResult,
  publisherName: PublisherName,
  pageSize: number,
  languageName: (tag: string) => string,
): string {
  const text = textOf(frame);
  const label = (param: string, value: string) =>
    param === "publisher" ? publisherName(value, frame.language) : param === "lang" ? languageName(value) : `#${value}`;
  const hits = result.hits.map(({ document, highlights }) => releaseItem(frame, document, publisherName, highlights));
  const last = result.hits.at(-1);
  const next =
    last !== undefined && result.hits.length === pageSize
      ? `<p><a rel="next" href="${e(pageHref(frame, "/", { ...frame.query, ...(result.showingResultsFor === undefined ? {} : { q: result.showingResultsFor }), cursor: encodeCursor(last.sort) }))}">${e(text.moreResults)}</a></p>`
      : "";
  const didYouMean =
    result.showingResultsFor !== undefined
      ? `<p class="did-you-mean">${e(text.showingResultsFor)} <a href="${e(pageHref(frame, "/", { ...frame.query, q: result.showingResultsFor, cursor: undefined, autocorrect: undefined }))}">${e(result.showingResultsFor)}</a>. ${e(text.searchInsteadFor)} <a href="${e(pageHref(frame, "/", { ...frame.query, cursor: undefined, autocorrect: "off" }))}">${e(query.q ?? "")}</a>.</p>`
      : result.suggestion === undefined
        ? ""
        : `<p class="did-you-mean">${e(text.didYouMean)} <a href="${e(pageHref(frame, "/", { ...frame.query, q: result.suggestion, cursor: undefined }))}">${e(result.suggestion)}</a>?</p>`;
  const status = `<p role="status">${e(resultCount(result.total, frame.language))}</p>\n${didYouMean}`;
  const facets = [
    facetSection(frame, text.facets.publisher, "publisher", result.facets.publisher, (v) => label("publisher", v)),
    facetSection(frame, text.facets.language, "lang", result.facets.language, (v) => label("lang", v)),
    facetSection(frame, text.facets.tag, "tag", result.facets.tag, (v) => label("tag", v)),
  ].join("\n");
  const feedQuery = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
  // Words searched, or what a listing without words is of (#tag, a language, a ministry).
  const filters = (["publisher", "lang", "tag"] as const).flatMap((param) =>
    query[param] === undefined ? [] : [label(param, query[param]!)],
  );
  const heading = query.q ?? (filters.length > 0 ? filters.join(", ") : text.allReleases);
  const base = frame.publicBaseUrl;
  const head = feedLinks(
    {
      rss: `${base}/feeds/rss.xml?${feedQuery}`,
      atom: `${base}/feeds/atom.xml?${feedQuery}`,
      json: `${base}/feeds/feed.json?${feedQuery}`,
    },
    heading,
  );
  const main = `<h1${query.q === undefined ? "" : ' class="visually-hidden"'}>${e(heading)}</h1>
${searchForm(frame, query.q)}
${activeFilters(frame, query, label)}
${status}
<div class="with-facets">
<section class="results-list">
${hits.length === 0 ? emptyState(frame, query) : `<ol class="results">\n${hits.join("\n")}\n</ol>`}
${next}
</section>
<aside aria-label="${e(text.refine)}">${facets}</aside>
</div>`;
  return renderPage(frame, { title: `${heading} · Gazette`, head, main });
}

/** The home page: search, the latest releases, the ministries with their feeds, the languages. */
export function renderHomePage(
  frame: PageFrame,
  latest: readonly ReleaseDocument[],
  overview: Overview,
  publisherName: PublisherName,
  languageName: (tag: string) => string,
): string {
  const text = textOf(frame);
  const base = frame.publicBaseUrl;
  const releases =
    latest.length === 0
      ? `<p>${e(text.noReleasesYet)}</p>`
      : `<ol class="results">\n${latest.map((document) => releaseItem(frame, document, publisherName, undefined, "h3")).join("\n")}\n</ol>`;
  const publishers = overview.publishers.map((facet) => {
    const id = encodeURIComponent(facet.value);
    const name = publisherName(facet.value, frame.language);
    return `<li><a href="${e(pageHref(frame, `/publishers/${id}`))}">${e(name)}</a> <span class="count">${facet.count}</span>
<span class="feeds"><a href="${e(`${base}/publishers/${id}/feed.rss`)}">RSS</a> <a href="${e(`${base}/publishers/${id}/feed.atom`)}">Atom</a> <a href="${e(`${base}/publishers/${id}/feed.json`)}">JSON</a></span></li>`;
  });
  const languages = overview.languages.map((facet) => {
    const tag = encodeURIComponent(facet.value);
    return `<li><a href="${e(pageHref(frame, "/", { lang: facet.value }))}" hreflang="${e(facet.value)}">${e(languageName(facet.value))}</a> <span class="count">${facet.count}</span> <a href="${e(`${base}/lang/${tag}/feed.atom`)}" aria-label="${e(`${languageName(facet.value)}: Atom`)}">Atom</a></li>`;
  });
  const head = feedLinks(
    { rss: `${base}/feeds/rss.xml`, atom: `${base}/feeds/atom.xml`, json: `${base}/feeds/feed.json` },
    "Gazette",
  );
  const main = `<h1>Gazette</h1>
<p class="tagline">${e(text.tagline)}</p>
${searchForm(frame)}
<div class="with-facets">
<section><h2>${e(text.latest)}</h2>
${releases}
<p><a rel="next" href="${e(pageHref(frame, "/", { sort: "date" }))}">${e(text.allReleases)}</a></p>
</section>
<aside>
<section><h2>${e(text.publishers)}</h2><ul class="plain">${publishers.join("\n")}</ul></section>
<section><h2>${e(text.languages)}</h2><ul class="plain">${languages.join("\n")}</ul></section>
<section><h2>${e(text.feeds)}</h2><ul class="plain"><li><a href="${e(`${base}/feeds/rss.xml`)}">RSS 2.0</a></li><li><a href="${e(`${base}/feeds/atom.xml`)}">Atom 1.0</a></li><li><a href="${e(`${base}/feeds/feed.json`)}">JSON Feed 1.1</a></li></ul></section>
</aside>
</div>`;
  return renderPage(frame, { title: text.homeTitle, head, main });
}

/** A ministry's page: its name, its feeds, its latest releases. */
export function renderPublisherPage(
  frame: PageFrame,
  publisher: string,
  latest: readonly ReleaseDocument[],
  publisherName: PublisherName,
): string {
  const text = textOf(frame);
  const name = publisherName(publisher, frame.language);
  const feeds = `${frame.publicBaseUrl}/publishers/${encodeURIComponent(publisher)}`;
  const urls = { rss: `${feeds}/feed.rss`, atom: `${feeds}/feed.atom`, json: `${feeds}/feed.json` };
  const releases =
    latest.length === 0
      ? `<p>${e(text.noReleasesYet)}</p>`
      : `<ol class="results">\n${latest.map((document) => releaseItem(frame, document, publisherName, undefined, "h3")).join("\n")}\n</ol>`;
  const main = `<h1>${e(name)}</h1>
<p class="feeds">${e(text.feeds)}: <a href="${e(urls.rss)}">RSS</a> · <a href="${e(urls.atom)}">Atom</a> · <a href="${e(urls.json)}">JSON Feed</a></p>
${searchForm(frame)}
<h2>${e(text.releasesOf(name))}</h2>
${releases}
<p><a rel="next" href="${e(pageHref(frame, "/", { publisher }))}">${e(text.allReleases)}</a></p>`;
  return renderPage(frame, { title: `${name} · Gazette`, head: feedLinks(urls, name), main });
}
