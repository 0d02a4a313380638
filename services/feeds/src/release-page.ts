import escapeHtml from "escape-html";
import type { ReleaseDocument } from "@gazette/shared";

/** A release as a plain, accessible HTML page, in the release's language, with its feeds advertised. */
export function renderReleasePage(document: ReleaseDocument, publicBaseUrl: string, translations: readonly ReleaseDocument[] = [], publisherName: (id: string, language?: string) => string = (id) => id): string {
  const e = escapeHtml;
  const publisher = publisherName(document.publisher, document.language);
  const publisherFeeds = `${publicBaseUrl}/publishers/${encodeURIComponent(document.publisher)}`;
  const pageOf = (version: ReleaseDocument) => `${publicBaseUrl}/releases/${encodeURIComponent(version.id)}`;
  const hreflang = [document, ...translations].map((version) => `<link rel="alternate" hreflang="${e(version.language)}" href="${e(pageOf(version))}">`).join("\n");
  const otherLanguages =
    translations.length === 0 ? "" : `<nav aria-label="Other languages"><ul>${translations.map((version) => `<li><a href="${e(pageOf(version))}" hreflang="${e(version.language)}" lang="${e(version.language)}">${e(version.title)}</a></li>`).join("")}</ul></nav>`;
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
${hreflang}
${document.sourceUrl === undefined ? "" : `<link rel="canonical" href="${e(document.sourceUrl)}">`}
</head>
<body>
<main>
<article>
<h1>${e(document.title)}</h1>
<p><span>${e(publisher)}</span> · <time datetime="${e(document.publishedAt)}">${e(document.publishedAt.slice(0, 10))}</time></p>
${document.bodyHtml}
</article>
${otherLanguages}
</main>
</body>
</html>
`;
}
