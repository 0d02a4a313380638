import { create } from "xmlbuilder2";
import type { Overview } from "../read/index.ts";

/*
 * The ministries Gazette carries, for portals and readers (issue 30): `GET /v1/publishers` and an OPML
 * 2.0 of their feeds (`GET /feeds/publishers.opml`, one outline per ministry, one per language inside).
 * A ministry is listed when the registry knows it or the index holds its releases.
 */

export interface PublisherEntry {
  id: string;
  /** Its names by language, as the registry has them (empty for one only the index knows). */
  name: Readonly<Record<string, string>>;
}

export interface PublisherListing {
  id: string;
  name: Readonly<Record<string, string>>;
  /** Releases searchable now. */
  releases: number;
  /** Its releases by language, most first. */
  languages: { language: string; releases: number }[];
  page: string;
  feeds: { rss: string; atom: string; json: string; ninjs: string };
}

/** Every ministry with its names, counts and feed addresses, by id. */
export function publisherListing(
  registry: readonly PublisherEntry[],
  overview: Overview,
  publicBaseUrl: string,
): PublisherListing[] {
  const names = new Map(registry.map((entry) => [entry.id, entry.name]));
  const counts = new Map(overview.publishers.map((facet) => [facet.value, facet.count]));
  const ids = [...new Set([...names.keys(), ...counts.keys()])].sort();
  return ids.map((id) => {
    const base = `${publicBaseUrl}/publishers/${encodeURIComponent(id)}`;
    return {
      id,
      name: names.get(id) ?? {},
      releases: counts.get(id) ?? 0,
      languages: (overview.publisherLanguages[id] ?? []).map((facet) => ({
        language: facet.value,
        releases: facet.count,
      })),
      page: base,
      feeds: {
        rss: `${base}/feed.rss`,
        atom: `${base}/feed.atom`,
        json: `${base}/feed.json`,
        ninjs: `${base}/feed.ninjs`,
      },
    };
  });
}

/** A name for readers of `language`: that language's, else Russian, English, any, the id. */
function nameIn(listing: PublisherListing, language: string): string {
  const names = listing.name;
  return names[language] ?? names["ru"] ?? names["en"] ?? Object.values(names)[0] ?? listing.id;
}

/** OPML 2.0 (http://opml.org/spec2.opml): each ministry an outline, each of its languages an Atom feed inside. */
export function renderPublishersOpml(listings: readonly PublisherListing[], publicBaseUrl: string): string {
  const opml = create({ version: "1.0", encoding: "UTF-8" }).ele("opml", { version: "2.0" });
  const head = opml.ele("head");
  head.ele("title").txt("Gazette: ministries' press releases");
  head.ele("ownerId").txt(`${publicBaseUrl}/`);
  head.ele("docs").txt("http://opml.org/spec2.opml");
  const body = opml.ele("body");
  for (const listing of listings) {
    const ministry = body.ele("outline", { text: nameIn(listing, "ru"), title: nameIn(listing, "ru") });
    const languages = listing.languages.length > 0 ? listing.languages.map((entry) => entry.language) : [undefined];
    for (const language of languages) {
      const text = language === undefined ? nameIn(listing, "ru") : `${nameIn(listing, language)} (${language})`;
      ministry.ele("outline", {
        type: "rss",
        text,
        title: text,
        xmlUrl:
          language === undefined ? listing.feeds.atom : `${listing.feeds.atom}?lang=${encodeURIComponent(language)}`,
        htmlUrl: listing.page,
        ...(language === undefined ? {} : { language }),
      });
    }
  }
  return opml.end({ prettyPrint: true });
}
