import escapeHtml from "escape-html";
import type { ReleaseDocument } from "@gazette/shared";
import { releasePageUrl } from "./links.ts";

/** A release as a plain, accessible HTML page, in the release's language, with its feeds advertised. */
export function renderReleasePage(
  document: ReleaseDocument,
  publicBaseUrl: string,
  translations: readonly ReleaseDocument[] = [],
  publisherName: (id: string, language?: string) => string = (id) => id,
  related: readonly ReleaseDocument[] = [],
): string {
  const e = escapeHtml;
  const publisher = publisherName(document.publisher, document.language);
  const publisherFeeds = `${publicBaseUrl}/publishers/${encodeURIComponent(document.publisher)}`;
  const pageOf = (version: ReleaseDocument) => releasePageUrl(publicBaseUrl, version.id);
  const hreflang = [document, ...translations]
    .map((version) => `<link rel="alternate" hreflang="${e(version.language)}" href="${e(pageOf(version))}">`)
    .join("\n");
  const otherLanguages =
    translations.length === 0
      ? ""
      : `<nav aria-label="Other languages"><ul>${translations.map((version) => `<li><a href="${e(pageOf(version))}" hreflang="${e(version.language)}" lang="${e(version.language)}">${e(version.title)}</a></li>`).join("")}</ul></nav>`;
  const figures = document.images
    .map((image) => {
      const caption = [
        image.caption === undefined ? "" : e(image.caption),
        image.credit === undefined ? "" : `<span class="credit">${e(image.credit)}</span>`,
      ]
        .filter((part) => part !== "")
        .join(" · ");
      return `<figure><img src="${e(image.url)}" alt="${e(image.caption ?? document.title)}" loading="lazy">${caption === "" ? "" : `<figcaption>${caption}</figcaption>`}</figure>`;
    })
    .join("\n");
  const tags =
    document.tags.length === 0
      ? ""
      : `<ul class="tags" aria-label="Tags">${document.tags.map((tag) => `<li><a href="${e(`${publicBaseUrl}/?${new URLSearchParams({ q: tag, tag })}`)}">${e(tag)}</a> <a href="${e(`${publicBaseUrl}/tags/${encodeURIComponent(tag)}/feed.atom`)}" aria-label="${e(`Feed of ${tag}`)}">(feed)</a></li>`).join("")}</ul>`;
  const relatedList =
    related.length === 0
      ? ""
      : `<aside aria-label="Related releases"><h2>Related</h2><ul>${related.map((other) => `<li lang="${e(other.language)}"><a href="${e(pageOf(other))}">${e(other.title)}</a> <span class="meta">${e(publisherName(other.publisher, other.language))}</span></li>`).join("")}</ul></aside>`;
  return `<!doctype html>
<html lang="${e(document.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(document.title)}</title>
<link rel="alternate" type="application/rss+xml" title="RSS: ${e(publisher)}" href="${e(`${publisherFeeds}/feed.rss`)}">
<link rel="alternate" type="application/atom+xml" title="Atom: ${e(publisher)}" href="${e(`${publisherFeeds}/feed.atom`)}">
<link rel="alternate" type="application/feed+json" title="JSON Feed: ${e(publisher)}" href="${e(`${publisherFeeds}/feed.json`)}">
<link rel="search" type="application/opensearchdescription+xml" title="Gazette" href="${e(`${publicBaseUrl}/opensearch.xml`)}">
<link rel="stylesheet" href="${e(`${publicBaseUrl}/assets/gazette.css`)}">
${hreflang}
${document.sourceUrl === undefined ? "" : `<link rel="canonical" href="${e(document.sourceUrl)}">`}
</head>
<body>
<nav class="back"><a href="${e(`${publicBaseUrl}/`)}">← Search all press releases</a></nav>
<main>
<article>
<h1>${e(document.title)}</h1>
<p class="meta"><a href="${e(`${publisherFeeds}/feed.atom`)}">${e(publisher)}</a> · <time datetime="${e(document.publishedAt)}">${e(document.publishedAt.slice(0, 10))}</time>${document.sourceUrl === undefined ? "" : ` · <a href="${e(document.sourceUrl)}" rel="external">Original on the ministry's site</a>`}</p>
${document.summary === "" ? "" : `<p class="summary">${e(document.summary)}</p>`}
${figures}
${document.bodyHtml}
${tags}
</article>
${otherLanguages}
${relatedList}
</main>
</body>
</html>
`;
}
