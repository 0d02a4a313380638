import escapeHtml from "escape-html";
import type { ReleaseDocument } from "@gazette/shared";

/** A release as a plain, accessible HTML page, in the release's language, with its feeds advertised. */
export function renderReleasePage(document: ReleaseDocument, publicBaseUrl: string): string {
  const e = escapeHtml;
  const feedQuery = `?publisher=${encodeURIComponent(document.publisher)}`;
  return `<!doctype html>
<html lang="${e(document.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(document.title)}</title>
<link rel="alternate" type="application/rss+xml" title="RSS: ${e(document.publisher)}" href="${e(`${publicBaseUrl}/feeds/rss.xml${feedQuery}`)}">
<link rel="alternate" type="application/atom+xml" title="Atom: ${e(document.publisher)}" href="${e(`${publicBaseUrl}/feeds/atom.xml${feedQuery}`)}">
${document.sourceUrl === undefined ? "" : `<link rel="canonical" href="${e(document.sourceUrl)}">`}
</head>
<body>
<main>
<article>
<h1>${e(document.title)}</h1>
<p><span>${e(document.publisher)}</span> · <time datetime="${e(document.publishedAt)}">${e(document.publishedAt.slice(0, 10))}</time></p>
${document.bodyHtml}
</article>
</main>
</body>
</html>
`;
}
