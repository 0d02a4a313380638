import escapeHtml from "escape-html";
import {
  interfaceLanguages,
  interfaceText,
  languageName,
  type InterfaceLanguage,
  type InterfaceText,
} from "./interface-language.ts";

/** What every page knows of its request: the interface language, where it is, and the public base URL. */
export interface PageFrame {
  language: InterfaceLanguage;
  /** The reader chose the language (`?hl=`): links carry it on. */
  explicit: boolean;
  publicBaseUrl: string;
  /** This page's path (for the language switcher). */
  path: string;
  /** This page's query parameters, as shown (for the switcher and filter links). */
  query: Readonly<Record<string, string | undefined>>;
}

export const e = escapeHtml;

export function textOf(frame: PageFrame): InterfaceText {
  return interfaceText[frame.language];
}

/** A link to one of our pages, carrying the interface language on when the reader chose it. */
export function pageHref(frame: PageFrame, path: string, params: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(name, value);
  if (frame.explicit && !search.has("hl")) search.set("hl", frame.language);
  const query = search.toString();
  return `${frame.publicBaseUrl}${path}${query === "" ? "" : `?${query}`}`;
}

/** The language switcher: this very page in each interface language. */
function languageSwitcher(frame: PageFrame, text: InterfaceText): string {
  const items = interfaceLanguages.map((language) => {
    const name = languageName(language, language);
    const href = pageHref({ ...frame, explicit: false }, frame.path, { ...frame.query, hl: language });
    const current = language === frame.language ? ' aria-current="true"' : "";
    return `<li><a href="${e(href)}" hreflang="${language}" lang="${language}"${current}>${e(name)}</a></li>`;
  });
  return `<nav class="languages" aria-label="${e(text.interfaceLanguage)}"><ul>${items.join("")}</ul></nav>`;
}

export interface PageContent {
  title: string;
  /** The page's own language when it differs from the interface's (a release page: the release's). */
  contentLanguage?: string;
  /** Extra elements of <head> (feed autodiscovery, hreflang alternates). */
  head?: string;
  main: string;
}

/** A whole page: head, the site's header with the language switcher, the content, the footer. */
export function renderPage(frame: PageFrame, content: PageContent): string {
  const text = textOf(frame);
  const htmlLang = content.contentLanguage ?? frame.language;
  // Interface chrome keeps the interface language when the page is in another one.
  const chromeLang = htmlLang === frame.language ? "" : ` lang="${frame.language}"`;
  const base = frame.publicBaseUrl;
  return `<!doctype html>
<html lang="${e(htmlLang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(content.title)}</title>
<link rel="stylesheet" href="${e(`${base}/assets/gazette.css`)}">
<link rel="icon" href="${e(`${base}/assets/favicon.svg`)}" type="image/svg+xml">
<link rel="icon" href="${e(`${base}/favicon.ico`)}" sizes="32x32">
<link rel="search" type="application/opensearchdescription+xml" title="Gazette" href="${e(`${base}/opensearch.xml`)}">
${content.head ?? ""}
</head>
<body>
<header class="site"${chromeLang}>
<p class="brand"><a href="${e(pageHref(frame, "/"))}">Gazette</a></p>
${languageSwitcher(frame, text)}
</header>
<main>
${content.main}
</main>
<footer class="site"${chromeLang}><p>${e(text.tagline)}</p></footer>
</body>
</html>
`;
}

/** The search form, as on every page that searches. */
export function searchForm(frame: PageFrame, q = ""): string {
  const text = textOf(frame);
  const hl = frame.explicit ? `<input type="hidden" name="hl" value="${frame.language}">` : "";
  return `<form role="search" method="get" action="${e(`${frame.publicBaseUrl}/`)}">
<label for="q">${e(text.searchLabel)}</label>
<input id="q" name="q" type="search" value="${e(q)}" required maxlength="500">${hl}
<button type="submit">${e(text.searchButton)}</button>
</form>`;
}

/** RSS, Atom and JSON Feed autodiscovery links for a feed path prefix (`/feeds/…` or `/publishers/x/feed.…`). */
export function feedLinks(urls: { rss: string; atom: string; json: string }, title: string): string {
  return [
    `<link rel="alternate" type="application/rss+xml" title="${e(`RSS: ${title}`)}" href="${e(urls.rss)}">`,
    `<link rel="alternate" type="application/atom+xml" title="${e(`Atom: ${title}`)}" href="${e(urls.atom)}">`,
    `<link rel="alternate" type="application/feed+json" title="${e(`JSON Feed: ${title}`)}" href="${e(urls.json)}">`,
  ].join("\n");
}
