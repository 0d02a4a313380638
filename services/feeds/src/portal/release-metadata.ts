import type { ReleaseDocument } from "@gazette/shared";
import { compile } from "html-to-text";
import { releasePageUrl } from "../links.ts";
import { e } from "./page-layout.ts";

/*
 * What a release page tells search engines and link previews (issue 30): a meta description, a
 * canonical URL, OpenGraph (https://ogp.me) and schema.org NewsArticle as JSON-LD. Pure.
 */

/** Characters of the body a description takes when the release has no summary. */
const descriptionLength = 200;

/** Compiled once (its selectors are compiled on every `convert` otherwise). */
const bodyText = compile({ wordwrap: false, selectors: [{ selector: "img", format: "skip" }] });

/** The summary, or the start of the body's text cut at a word. */
export function releaseDescription(document: ReleaseDocument): string {
  if (document.summary.trim() !== "") return document.summary.trim();
  const text = bodyText(document.bodyHtml).replace(/\s+/g, " ").trim();
  if (text.length <= descriptionLength) return text;
  const cut = text.slice(0, descriptionLength);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), descriptionLength / 2))}…`;
}

/** JSON inside a <script> element: `<` escaped, so no `</script>` in a title can end it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

/** The <head> elements of a release's page. */
export function releaseMetadata(document: ReleaseDocument, publicBaseUrl: string, publisher: string): string {
  const page = releasePageUrl(publicBaseUrl, document.id);
  const description = releaseDescription(document);
  // A release without a picture of its own is shared with Gazette's card (1200 × 630).
  const ownImage = document.images[0]?.url;
  const image = ownImage ?? `${publicBaseUrl}/assets/gazette-card.png`;
  const modified =
    Date.parse(document.publishedAt) > Date.parse(document.updatedAt) ? document.publishedAt : document.updatedAt;
  const article = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: document.title,
    description,
    inLanguage: document.language,
    datePublished: document.publishedAt,
    dateModified: modified,
    url: page,
    mainEntityOfPage: page,
    author: { "@type": "GovernmentOrganization", name: publisher },
    publisher: { "@type": "GovernmentOrganization", name: publisher },
    image: ownImage === undefined ? [image] : document.images.map((entry) => entry.url),
    ...(document.tags.length === 0 ? {} : { keywords: document.tags.join(", ") }),
    ...(document.sourceUrl === undefined ? {} : { isBasedOn: document.sourceUrl }),
  };
  const og: [string, string | undefined][] = [
    ["og:type", "article"],
    ["og:site_name", "Gazette"],
    ["og:title", document.title],
    ["og:description", description],
    ["og:url", page],
    ["og:image", image],
    ["og:image:width", ownImage === undefined ? "1200" : undefined],
    ["og:image:height", ownImage === undefined ? "630" : undefined],
    ["og:image:alt", ownImage === undefined ? "Gazette" : (document.images[0]?.caption ?? document.title)],
    ["og:locale", document.language.replace("-", "_")],
    ["article:published_time", document.publishedAt],
    ["article:modified_time", modified],
    ["article:author", publisher],
    ...document.tags.map((tag): [string, string] => ["article:tag", tag]),
  ];
  return [
    `<meta name="description" content="${e(description)}">`,
    // The ministry's own page is the original where there is one; Gazette's page otherwise.
    `<link rel="canonical" href="${e(document.sourceUrl ?? page)}">`,
    ...og
      .filter(([, value]) => value !== undefined)
      .map(([property, value]) => `<meta property="${property}" content="${e(value!)}">`),
    `<script type="application/ld+json">${scriptJson(article)}</script>`,
  ].join("\n");
}
