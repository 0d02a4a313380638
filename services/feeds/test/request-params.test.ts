import { describe, expect, it } from "vitest";
import type { GazetteError } from "@gazette/shared";
import {
  canonicalFeedQuery,
  ChangesParamsSchema,
  encodeCursor,
  FeedParamsSchema,
  maxQueryLength,
  parseQuery,
  SearchParamsSchema,
  SuggestParamsSchema,
} from "../src/http/request-params.ts";

function refusal(run: () => unknown): GazetteError {
  try {
    run();
  } catch (error) {
    return error as GazetteError;
  }
  throw new Error("not refused");
}

describe("request parameters (pure)", () => {
  it("takes a search as people type it: defaults, trimmed text, a cursor given back becomes search_after", () => {
    const cursor = encodeCursor([1.5, "2026-01-01T00:00:00Z", "mci-kz-1"]);
    expect(parseQuery(SearchParamsSchema, { q: "  водоснабжение  ", cursor })).toEqual({
      q: "водоснабжение",
      sort: "relevance",
      size: 20,
      autocorrect: "on",
      after: [1.5, "2026-01-01T00:00:00Z", "mci-kz-1"],
    });
    expect(parseQuery(SearchParamsSchema, { q: "x", size: "100", sort: "date", from: "2026-01-01" })).toMatchObject({
      size: 100,
      sort: "date",
      from: "2026-01-01",
    });
  });

  it("names each bad parameter under errors[].field, as ingest names bad fields", () => {
    const error = refusal(() => parseQuery(SearchParamsSchema, { q: "x", size: "0", colour: "red" }));
    expect(error.code).toBe("BAD_QUERY_PARAMETER");
    expect(error.extensions["errors"]).toEqual(
      expect.arrayContaining([
        { field: "size", message: expect.any(String) },
        { field: "colour", message: "unknown parameter" },
      ]),
    );
    const repeated = refusal(() => parseQuery(SearchParamsSchema, { q: ["a", "b"] }));
    expect(repeated.extensions["errors"]).toEqual([{ field: "q", message: "given more than once or not plain text" }]);
  });

  it("refuses forged cursors, empty and overlong queries, and dates without an offset", () => {
    for (const cursor of ["not-a-cursor", encodeCursor([]), Buffer.from('{"a":1}').toString("base64url")]) {
      expect(refusal(() => parseQuery(ChangesParamsSchema, { since: cursor })).code, cursor).toBe(
        "BAD_QUERY_PARAMETER",
      );
    }
    expect(refusal(() => parseQuery(SearchParamsSchema, { q: "   " })).message).toMatch(/q is required/);
    expect(refusal(() => parseQuery(SearchParamsSchema, { q: "я".repeat(maxQueryLength + 1) })).message).toMatch(
      /at most 500/,
    );
    expect(refusal(() => parseQuery(SearchParamsSchema, { q: "x", from: "2026-01-01T10:00:00" })).message).toMatch(
      /offset/,
    );
    expect(refusal(() => parseQuery(SuggestParamsSchema, { q: "x", format: "xml" })).code).toBe("BAD_QUERY_PARAMETER");
  });

  it("takes back the cursors it gives out, and refuses ones of the right form with the wrong values", () => {
    // What OpenSearch gives out for a date key is epoch milliseconds; a relevance cursor leads with the score.
    const byDate = encodeCursor([1_777_000_000_000, "mci-kz-0123"]);
    const byRelevance = encodeCursor([3.25, 1_777_000_000_000, "mci-kz-0123"]);
    expect(parseQuery(FeedParamsSchema, { before: byDate }).before).toEqual([1_777_000_000_000, "mci-kz-0123"]);
    expect(parseQuery(ChangesParamsSchema, { since: byDate }).since).toEqual([1_777_000_000_000, "mci-kz-0123"]);
    // A cursor made to start at a moment: every release of that moment and before.
    expect(parseQuery(FeedParamsSchema, { before: encodeCursor([1_777_000_000_000, ""]) }).before).toHaveLength(2);
    expect(parseQuery(SearchParamsSchema, { q: "x", sort: "date", cursor: byDate })).toMatchObject({
      after: [1_777_000_000_000, "mci-kz-0123"],
    });
    expect(parseQuery(SearchParamsSchema, { q: "x", cursor: byRelevance })).toMatchObject({
      after: [3.25, 1_777_000_000_000, "mci-kz-0123"],
    });
    const refused = [
      () => parseQuery(FeedParamsSchema, { before: encodeCursor(["вчера", "x"]) }),
      () => parseQuery(FeedParamsSchema, { before: encodeCursor([1e300, "x"]) }),
      () => parseQuery(FeedParamsSchema, { before: byRelevance }),
      () => parseQuery(ChangesParamsSchema, { since: encodeCursor([1_777_000_000_000, 5]) }),
      () => parseQuery(SearchParamsSchema, { q: "x", cursor: byDate }),
      () => parseQuery(SearchParamsSchema, { q: "x", sort: "date", cursor: byRelevance }),
      () => parseQuery(SearchParamsSchema, { q: "x", cursor: encodeCursor(["2026-01-01T00:00:00Z", 1, "x"]) }),
    ];
    for (const parse of refused) {
      const error = refusal(parse);
      expect([error.code, error.message]).toEqual([
        "BAD_QUERY_PARAMETER",
        expect.stringMatching(/not a cursor this API gave out/),
      ]);
    }
  });

  it("lets feeds ignore what readers append (utm_source), and keys a feed by a canonical query", () => {
    const params = parseQuery(FeedParamsSchema, { utm_source: "telegram", tag: "культура", lang: "ru" });
    expect(params).toEqual({ tag: "культура", lang: "ru" });
    expect(canonicalFeedQuery(params)).toBe(`?lang=ru&tag=${encodeURIComponent("культура")}`);
    expect(canonicalFeedQuery({ q: "a&b", publisher: "mci-kz" })).toBe("?publisher=mci-kz&q=a%26b");
    expect(canonicalFeedQuery({})).toBe("");
    const before = encodeCursor(["2026-01-01T00:00:00Z", "x"]);
    expect(canonicalFeedQuery(parseQuery(FeedParamsSchema, { before }))).toBe(`?before=${before}`);
  });
});
