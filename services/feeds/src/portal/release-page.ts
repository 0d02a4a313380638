import type { ReleaseDocument } from "@gazette/shared";
import { languageName, readableDate } from "./interface-language.ts";
import { releasePageUrl } from "../links.ts";
import { releaseMetadata } from "./release-metadata.ts";
import { e, feedLinks, pageHref, renderPage, textOf, type PageFrame } from "./page-layout.ts";

/** "Also published by": the same news from other publishers (its story's other releases, earliest first). */
function alsoPublishedList(
  frame: PageFrame,
  members: readonly ReleaseDocument[],
  publisherName: (id: string, language?: string) => string,
): string {
  if (members.length === 0) return "";
  const text = textOf(frame);
  const ui = ` lang="${frame.language}"`;
  const items = members.map((member) => {
    const page = pageHref(frame, `/releases/${encodeURIComponent(member.id)}`);
    const when = `<time datetime="${e(member.publishedAt)}">${e(readableDate(member.publishedAt, frame.language))}</time>`;
    return `<li><span${ui}>${e(publisherName(member.publisher, frame.language))}</span>: <a href="${e(page)}" lang="${e(member.language)}">${e(member.title)}</a> <span class="meta"${ui}>${when}</span></li>`;
  });
  return `<aside aria-label="${e(text.alsoPublishedBy)}"${ui}><h2>${e(text.alsoPublishedBy)}</h2><ul>${items.join("")}</ul></aside>`;
}

/** The summary adds nothing when the body begins with it (a summary taken from the first paragraph). */
function summaryRepeatsBody(document: ReleaseDocument): boolean {
  const plain = (text: string) =>
    text
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim();
  const summary = plain(document.summary);
  return summary === "" || plain(document.bodyHtml).startsWith(summary.replace(/…$/, ""));
}

/** A correction shows: "updated <date> (version n)" when a later version changed it after publication. */
function updatedNote(frame: PageFrame, document: ReleaseDocument): string {
  if (document.version <= 1 || Date.parse(document.updatedAt) <= Date.parse(document.publishedAt)) return "";
  const date = `<time datetime="${e(document.updatedAt)}">${e(readableDate(document.updatedAt, frame.language))}</time>`;
  const link = (document.history?.length ?? 0) > 1 ? ` <a href="#history">${e(textOf(frame).history.link)}</a>` : "";
  return ` · <span class="updated" lang="${frame.language}">${textOf(frame).updated(date, document.version)}</span>${link}`;
}

/** Every change of the release, oldest first: version, what it was, when (the release's history as ingest kept it). */
function versionHistory(frame: PageFrame, document: ReleaseDocument): string {
  const history = document.history ?? [];
  if (history.length <= 1) return "";
  const text = textOf(frame).history;
  const items = history.map((entry) => {
    const date = `<time datetime="${e(entry.at)}">${e(readableDate(entry.at, frame.language))}</time>`;
    return `<li>${e(text.version(entry.version))}: ${e(text[entry.change])}, ${date}</li>`;
  });
  return `<section id="history" lang="${frame.language}"><h2>${e(text.title)}</h2><ol class="plain">${items.join("")}</ol></section>`;
}

/**
 * A release as an accessible HTML page in the release's language (the interface around it in the
 * reader's): images with caption and credit, summary, body, tags with their feeds, the source, other
 * language versions, related releases, and the way back to search.
 */
export function renderReleasePage(
  frame: PageFrame,
  document: ReleaseDocument,
  translations: readonly ReleaseDocument[] = [],
  publisherName: (id: string, language?: string) => string = (id) => id,
  related: readonly ReleaseDocument[] = [],
  alsoPublished: readonly ReleaseDocument[] = [],
): string {
  const text = textOf(frame);
  const ui = ` lang="${frame.language}"`;
  const base = frame.publicBaseUrl;
  // One name per ministry on a page: the interface language's (the registry's fallbacks after it).
  const publisher = publisherName(document.publisher, frame.language);
  const publisherFeeds = `${base}/publishers/${encodeURIComponent(document.publisher)}`;
  const pageOf = (version: ReleaseDocument) => pageHref(frame, `/releases/${encodeURIComponent(version.id)}`);
  const hreflang = [document, ...translations]
    .map(
      (version) =>
        `<link rel="alternate" hreflang="${e(version.language)}" href="${e(releasePageUrl(base, version.id))}">`,
    )
    .join("\n");
  const otherLanguages =
    translations.length === 0
      ? ""
      : `<nav aria-label="${e(text.otherLanguages)}"${ui}><h2>${e(text.otherLanguages)}</h2><ul>${translations.map((version) => `<li>${e(languageName(version.language, frame.language))}: <a href="${e(pageOf(version))}" hreflang="${e(version.language)}" lang="${e(version.language)}">${e(version.title)}</a></li>`).join("")}</ul></nav>`;
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
      : `<ul class="tags" aria-label="${e(text.tags)}"${ui}>${document.tags.map((tag) => `<li><a href="${e(pageHref(frame, "/", { tag }))}" lang="${e(document.language)}">${e(tag)}</a> <a href="${e(`${base}/tags/${encodeURIComponent(tag)}/feed.atom`)}" aria-label="${e(`${text.feedOf(tag)}: Atom`)}">Atom</a></li>`).join("")}</ul>`;
  const relatedList =
    related.length === 0
      ? ""
      : `<aside aria-label="${e(text.related)}"${ui}><h2>${e(text.related)}</h2><ul>${related.map((other) => `<li lang="${e(other.language)}"><a href="${e(pageOf(other))}">${e(other.title)}</a> <span class="meta">${e(publisherName(other.publisher, frame.language))}</span></li>`).join("")}</ul></aside>`;
  const when = `<time datetime="${e(document.publishedAt)}"${ui}>${e(readableDate(document.publishedAt, frame.language))}</time>${updatedNote(frame, document)}`;
  // The release's language, and whether Gazette guessed it (a pulled item that did not say).
  const detected =
    document.languageSource === "detected" ? ` <span class="detected">(${e(text.languageDetected)})</span>` : "";
  const language = ` · <a href="${e(pageHref(frame, "/", { lang: document.language }))}"${ui}>${e(languageName(document.language, frame.language))}</a>${detected}`;
  const original =
    document.sourceUrl === undefined
      ? ""
      : ` · <a href="${e(document.sourceUrl)}" rel="external"${ui}>${e(text.original)}</a>`;
  const head = `${feedLinks({ rss: `${publisherFeeds}/feed.rss`, atom: `${publisherFeeds}/feed.atom`, json: `${publisherFeeds}/feed.json` }, publisher)}
${hreflang}
${releaseMetadata(document, base, publisher)}`;
  const main = `<nav class="back"${ui}><a href="${e(pageHref(frame, "/"))}">${e(text.back)}</a></nav>
<article>
<h1>${e(document.title)}</h1>
<p class="meta"><a href="${e(pageHref(frame, `/publishers/${encodeURIComponent(document.publisher)}`))}">${e(publisher)}</a> · ${when}${language}${original}</p>
${summaryRepeatsBody(document) ? "" : `<p class="summary">${e(document.summary)}</p>`}
${figures}
${document.bodyHtml}
${tags}
</article>
${versionHistory(frame, document)}
${alsoPublishedList(frame, alsoPublished, publisherName)}
${otherLanguages}
${relatedList}`;
  return renderPage(frame, { title: document.title, contentLanguage: document.language, head, main });
}
