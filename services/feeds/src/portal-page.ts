import escapeHtml from "escape-html";
import type { SearchResult } from "./read-model.ts";
import { releaseLink, releasePageUrl } from "./links.ts";
import { encodeCursor } from "./request-params.ts";

export interface PortalQuery {
  q?: string;
  publisher?: string;
  lang?: string;
  tag?: string;
}

const facetTitles = { publisher: "Publisher", language: "Language", tag: "Tag", month: "Month" } as const;

/**
 * The search portal at `/`: a labelled search form, results with highlighted fragments (escaped by
 * OpenSearch, marked with <mark>), facets as filter links, the next page, and feed autodiscovery for
 * the same query. Plain HTML, no script.
 */
export function renderPortalPage(
  publicBaseUrl: string,
  query: PortalQuery,
  result: SearchResult | undefined,
  publisherName: (id: string, language?: string) => string = (id) => id,
): string {
  const e = escapeHtml;
  const params = (extra: Record<string, string | undefined>) => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries({ ...query, ...extra }))
      if (value !== undefined && value !== "") search.set(name, value);
    return search.toString();
  };
  const feedQuery = query.q === undefined ? "" : `?${params({})}`;
  const hits = (result?.hits ?? [])
    .map(({ document, highlights }) => {
      const fragment = highlights.body.length > 0 ? highlights.body.join(" … ") : e(document.summary);
      return `<li lang="${e(document.language)}"><h2><a href="${e(releasePageUrl(publicBaseUrl, document.id))}">${highlights.title ?? e(document.title)}</a></h2>
<p class="meta"><span>${e(publisherName(document.publisher, document.language))}</span> · <time datetime="${e(document.publishedAt)}">${e(document.publishedAt.slice(0, 10))}</time> · <a href="${e(releaseLink(document, publicBaseUrl))}">source</a></p>
<p>${fragment}</p></li>`;
    })
    .join("\n");
  const facets =
    result === undefined
      ? ""
      : (Object.keys(facetTitles) as (keyof typeof facetTitles)[])
          .filter((name) => name !== "month" && result.facets[name].length > 0)
          .map((name) => {
            const param = name === "language" ? "lang" : name;
            const label = (value: string) => (name === "publisher" ? publisherName(value) : value);
            const links = result.facets[name]
              .map(
                (facet) =>
                  `<li><a href="?${e(params({ [param]: facet.value }))}">${e(label(facet.value))}</a> (${facet.count})</li>`,
              )
              .join("");
            return `<section><h2>${facetTitles[name]}</h2><ul>${links}</ul></section>`;
          })
          .join("\n");
  const last = result?.hits[result.hits.length - 1];
  const next =
    last !== undefined && result !== undefined && result.hits.length === 20
      ? `<p><a rel="next" href="?${e(params({ cursor: encodeCursor(last.sort) }))}">More results</a></p>`
      : "";
  const didYouMean =
    result?.suggestion === undefined
      ? ""
      : `. <span class="did-you-mean">Did you mean <a href="?${e(params({ q: result.suggestion, cursor: undefined }))}">${e(result.suggestion)}</a>?</span>`;
  const summary =
    result === undefined
      ? ""
      : `<p role="status">${result.total} result${result.total === 1 ? "" : "s"}${didYouMean}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${query.q === undefined ? "Gazette: official press releases" : `${e(query.q)} · Gazette`}</title>
<link rel="alternate" type="application/rss+xml" title="RSS${query.q === undefined ? "" : `: ${e(query.q)}`}" href="${e(`${publicBaseUrl}/feeds/rss.xml${feedQuery}`)}">
<link rel="alternate" type="application/atom+xml" title="Atom${query.q === undefined ? "" : `: ${e(query.q)}`}" href="${e(`${publicBaseUrl}/feeds/atom.xml${feedQuery}`)}">
<link rel="alternate" type="application/feed+json" title="JSON Feed" href="${e(`${publicBaseUrl}/feeds/feed.json${feedQuery}`)}">
<link rel="search" type="application/opensearchdescription+xml" title="Gazette" href="${e(`${publicBaseUrl}/opensearch.xml`)}">
<link rel="stylesheet" href="${e(`${publicBaseUrl}/assets/gazette.css`)}">
</head>
<body>
<header><h1>Gazette</h1><p>Official press releases of ministries, in Russian, Kazakh, English and more.</p></header>
<main>
<form role="search" method="get" action="/">
<label for="q">Search press releases</label>
<input id="q" name="q" type="search" value="${e(query.q ?? "")}" required maxlength="500">
<button type="submit">Search</button>
</form>
${summary}
<ol class="results">
${hits}
</ol>
${next}
<aside aria-label="Refine">${facets}</aside>
</main>
</body>
</html>
`;
}
