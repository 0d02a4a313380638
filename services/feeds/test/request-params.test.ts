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
} from "../src/request-params.ts";

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
