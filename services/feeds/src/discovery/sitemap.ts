import { create } from "xmlbuilder2";
import type { SitemapEntry, SitemapMonth } from "../read/index.ts";
import { releasePageUrl } from "../links.ts";

/*
 * Sitemaps (https://www.sitemaps.org/protocol.html) and robots.txt, so search engines find every
 * release page (issue 30): `/sitemap.xml` is an index of `/sitemap-pages.xml` (home, ministries) and
 * one file per month of publication (`/sitemap-2026-12.xml`), split into `-2`, `-3`, … past 50,000
 * URLs, the protocol's limit per file.
 */

const sitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
/** URLs one sitemap file may list (the protocol's limit). */
export const urlsPerSitemap = 50_000;

/** The files of a month: `2026-12`, `2026-12-2`, … */
export function monthFiles(month: SitemapMonth): string[] {
  const parts = Math.max(1, Math.ceil(month.count / urlsPerSitemap));
  return Array.from({ length: parts }, (_, i) => (i === 0 ? month.month : `${month.month}-${i + 1}`));
}

/** `2026-12-2` → month `2026-12`, part 2; undefined for any other name. */
export function sitemapFileOf(name: string): { month: string; part: number } | undefined {
  const match = /^(\d{4}-(?:0[1-9]|1[0-2]))(?:-([2-9]|[1-9]\d+))?$/.exec(name);
  return match === null ? undefined : { month: match[1]!, part: match[2] === undefined ? 1 : Number(match[2]) };
}

export function renderSitemapIndex(publicBaseUrl: string, months: readonly SitemapMonth[]): string {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(sitemapNs, "sitemapindex");
  root.ele("sitemap").ele("loc").txt(`${publicBaseUrl}/sitemap-pages.xml`);
  for (const month of months)
    for (const file of monthFiles(month)) {
      const sitemap = root.ele("sitemap");
      sitemap.ele("loc").txt(`${publicBaseUrl}/sitemap-${file}.xml`);
      if (month.lastModified !== undefined) sitemap.ele("lastmod").txt(new Date(month.lastModified).toISOString());
    }
  return root.end();
}

export function renderUrlSet(urls: readonly { loc: string; lastmod?: string }[]): string {
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(sitemapNs, "urlset");
  for (const url of urls) {
    const entry = root.ele("url");
    entry.ele("loc").txt(url.loc);
    if (url.lastmod !== undefined) entry.ele("lastmod").txt(new Date(url.lastmod).toISOString());
  }
  return root.end();
}

/** A month's release pages, each with its last change. */
export function releaseUrls(publicBaseUrl: string, entries: readonly SitemapEntry[]) {
  return entries.map((entry) => ({
    loc: releasePageUrl(publicBaseUrl, entry.id),
    lastmod: Date.parse(entry.publishedAt) > Date.parse(entry.updatedAt) ? entry.publishedAt : entry.updatedAt,
  }));
}

export function robotsTxt(publicBaseUrl: string): string {
  return `# Gazette: official press releases. Every release page is listed in the sitemap.
User-agent: *
Allow: /
Disallow: /report
Disallow: /websub/
Sitemap: ${publicBaseUrl}/sitemap.xml
`;
}
