import { describe, expect, it } from "vitest";
import * as queries from "../src/read/release-queries.ts";

// biome-ignore lint/suspicious/noExplicitAny: an index query is untyped JSON; the tests walk into it.
type Query = Record<string, any>;
const filtersOf = (query: Query): Query[] => query["query"].bool.filter;
const published = { term: { status: "published" } };
const notUnderEmbargo = { bool: { must_not: [{ range: { embargoUntil: { gt: "now" } } }] } };

describe("the index queries feeds sends (pure)", () => {
  it("lists the newest published releases not under embargo, filtered, newest first with the id as tie-breaker", () => {
    const filter = { publisher: "mci-kz", lang: "ru", tag: "культура", from: "2026-01-01", to: "2026-02-01" };
    const query = queries.latestReleasesQuery(filter, 50) as Query;
    expect(query["size"]).toBe(50);
    expect(query["track_total_hits"]).toBe(false);
    expect(query["sort"]).toEqual([{ publishedAt: { order: "desc" } }, { id: { order: "asc" } }]);
    expect(filtersOf(query)).toEqual([
      published,
      notUnderEmbargo,
      { term: { publisher: "mci-kz" } },
      // `ru` also finds `ru-RU`, `ru-KZ`.
      { bool: { should: [{ term: { language: "ru" } }, { prefix: { language: "ru-" } }], minimum_should_match: 1 } },
      { term: { tags: "культура" } },
      { range: { publishedAt: { gte: "2026-01-01", lte: "2026-02-01" } } },
    ]);
    expect(query["query"].bool.must).toBeUndefined();
    expect(query).not.toHaveProperty("search_after");
    const archivePage = queries.latestReleasesQuery({}, 10, ["2026-01-01T00:00:00Z", "x"]) as Query;
    expect(archivePage["search_after"]).toEqual(["2026-01-01T00:00:00Z", "x"]);
    // Only releases not newer than the cursor: in the index's own order they start there.
    expect(filtersOf(archivePage)).toEqual([
      published,
      notUnderEmbargo,
      { range: { publishedAt: { lte: "2026-01-01T00:00:00Z" } } },
    ]);
  });

  it("makes a saved search of a feed with q (full text as a must clause, filters unchanged)", () => {
    const query = queries.latestReleasesQuery({ q: "водоснабжение" }, 50) as Query;
    expect(query["query"].bool.must).toHaveLength(1);
    expect(JSON.stringify(query["query"].bool.must)).toContain("водоснабжение");
    expect(filtersOf(query)).toEqual([published, notUnderEmbargo]);
  });

  it("finds tombstones: withdrawn since a date, whatever the embargo, with only what a tombstone shows", () => {
    const query = queries.withdrawnReleasesQuery({ publisher: "mfa-kz" }, "2026-01-01T00:00:00Z", 50) as Query;
    expect(filtersOf(query)).toEqual([
      { term: { status: "withdrawn" } },
      { range: { withdrawnAt: { gte: "2026-01-01T00:00:00Z" } } },
      { term: { publisher: "mfa-kz" } },
    ]);
    expect(query["_source"]).toEqual(["id", "withdrawnAt", "withdrawalReason", "language", "sourceUrl"]);
  });

  it("searches by relevance with a preference for the recent, or by date without it; pages with the cursor", () => {
    const byRelevance = queries.searchReleasesQuery({ q: "water", size: 20 }) as Query;
    expect(byRelevance["sort"][0]).toBe("_score");
    expect(byRelevance["query"].function_score.functions[0].gauss.publishedAt.origin).toBe("now");
    expect(byRelevance["track_total_hits"]).toBe(true);
    expect(byRelevance["_source"]).toEqual({
      excludes: expect.arrayContaining(["bodyHtml", "text", "storySignature"]),
    });
    expect(Object.keys(byRelevance["highlight"].fields)).toEqual(["text.*.title", "text.*.body"]);
    expect(Object.keys(byRelevance["aggs"])).toEqual(["publisher", "language", "tag", "month"]);
    const byDate = queries.searchReleasesQuery({
      q: "water",
      size: 5,
      sort: "date",
      after: ["2026-01-01", "id-1"],
    }) as Query;
    expect(byDate["sort"]).toEqual([{ publishedAt: { order: "desc" } }, { id: { order: "asc" } }]);
    expect(byDate["query"].function_score).toBeUndefined();
    expect(byDate["search_after"]).toEqual(["2026-01-01", "id-1"]);
  });

  it("reads one published release, its translations and related releases without itself", () => {
    expect(filtersOf(queries.releaseByIdQuery("r-1") as Query)).toEqual([
      { term: { id: "r-1" } },
      published,
      notUnderEmbargo,
    ]);
    const translations = queries.translationsQuery(["tk-1", "tk-2"]) as Query;
    expect(filtersOf(translations)[0]).toEqual({ terms: { translationKey: ["tk-1", "tk-2"] } });
    expect(filtersOf(translations).slice(1)).toEqual([published, notUnderEmbargo]);
    const related = queries.relatedReleasesQuery("releases", "r-1", 5) as Query;
    expect(related["query"].bool.must_not).toEqual([{ term: { id: "r-1" } }]);
    expect(related["query"].bool.must[0].more_like_this.like).toEqual([{ _index: "releases", _id: "r-1" }]);
  });

  it("completes titles as typed, within the filters", () => {
    const query = queries.suggestQuery({ q: "реинт", size: 8, lang: "ru" }) as Query;
    expect(query["query"].bool.must[0].multi_match).toMatchObject({ query: "реинт", type: "bool_prefix" });
    expect(query["query"].bool.must[0].multi_match.fields).toContain("title.suggest");
    expect(filtersOf(query)).toHaveLength(3);
  });

  it("lists changes in the order they became visible, up to the settled instant, withdrawals included", () => {
    const query = queries.changesQuery("2026-01-01T00:00:05Z", 100, ["2026-01-01T00:00:01Z", "r-9"]) as Query;
    expect(filtersOf(query)).toEqual([
      { terms: { status: ["published", "withdrawn"] } },
      { range: { changedAt: { lte: "2026-01-01T00:00:05Z" } } },
      notUnderEmbargo,
    ]);
    expect(query["sort"]).toEqual([{ changedAt: { order: "asc" } }, { id: { order: "asc" } }]);
    expect(query["search_after"]).toEqual(["2026-01-01T00:00:01Z", "r-9"]);
  });

  it("asks for the earliest running embargo's end only", () => {
    const query = queries.nextEmbargoEndQuery() as Query;
    expect(query["size"]).toBe(0);
    expect(query["aggs"]).toEqual({ next: { min: { field: "embargoUntil" } } });
  });
});
