import { describe, expect, inject, it } from "vitest";
import { evaluateSearch, judge, rankMetrics, type SearchEvalReport } from "../bench/search-eval/evaluate.ts";
import { evalCorpus } from "../bench/search-eval/corpus.ts";
import { evalQueries } from "../bench/search-eval/queries.ts";

describe("the search eval's metrics (pure)", () => {
  it("computes recall, reciprocal rank and nDCG@10 with binary relevance", () => {
    expect(rankMetrics(["a", "b", "c"], ["a"])).toEqual({ recall: 1, reciprocalRank: 1, ndcg: 1 });
    const second = rankMetrics(["x", "a"], ["a"]);
    expect(second.reciprocalRank).toBe(0.5);
    expect(second.ndcg).toBeCloseTo(1 / Math.log2(3), 10);
    expect(rankMetrics(["x", "y"], ["a", "b"])).toEqual({ recall: 0, reciprocalRank: 0, ndcg: 0 });
    expect(rankMetrics(["b", "x", "a"], ["a", "b"]).recall).toBe(1);
  });

  it("fails a must-be-empty query with any hit, a forbidden release, and a title not at rank 1", () => {
    expect(judge({ q: "x", kind: "must-be-empty", expect: [] }, ["ru01"], 1).failure).toMatch(/1 hit/);
    expect(
      judge({ q: "x", kind: "operator", expect: ["ru06"], mustNot: ["ru03"] }, ["ru06", "ru03"], 2).failure,
    ).toMatch(/must not/);
    expect(judge({ q: "x", kind: "exact-title", expect: ["ru01"] }, ["ru02", "ru01"], 2).failure).toMatch(/rank 2/);
    expect(judge({ q: "x", kind: "morphology", expect: ["ru01"] }, ["ru01"], 1).failure).toBeUndefined();
  });

  it("has the corpus and queries the issue asks for: at least 60 releases in ru, kk, en (and uz, ky, tg for the abbreviations and inflections), and 200 queries of every kind", () => {
    expect(evalCorpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(evalCorpus.map((release) => release.language))).toEqual(
      new Set(["ru", "kk", "en", "uz", "ky", "tg"]),
    );
    expect(evalQueries.length).toBeGreaterThanOrEqual(200);
    expect(new Set(evalQueries.map((query) => query.kind))).toEqual(
      new Set([
        "exact-title",
        "morphology",
        "phrase",
        "folding",
        "name",
        "operator",
        "typo",
        "abbreviation",
        "cross-script",
        "inflection-uz-ky-tg",
        "verb-forms",
        "must-be-empty",
      ]),
    );
    const keys = new Set(evalCorpus.map((release) => release.key));
    expect(
      evalQueries.flatMap((query) => [...query.expect, ...(query.mustNot ?? [])]).filter((key) => !keys.has(key)),
    ).toEqual([]);
  });
});

describe("search relevance on real ingest → indexer → OpenSearch → feeds (the eval of npm run eval:search)", () => {
  let result: SearchEvalReport;

  it("loads the corpus and asks every query", async () => {
    result = await evaluateSearch({ natsUrl: inject("natsUrl"), opensearchUrl: inject("opensearchUrl") });
    expect(result.outcomes.length).toBe(evalQueries.length);
  }, 180_000);

  it("finds every release at rank 1 by its exact title", () => {
    expect(
      result.outcomes
        .filter((o) => o.kind === "exact-title" && o.failure !== undefined)
        .map((o) => `${o.q}: ${o.failure}`),
    ).toEqual([]);
    expect(result.exactTitleAtRank1.atRank1).toBe(result.exactTitleAtRank1.of);
  });

  it("finds every expected release of the must-find queries (recall 100 %) and never a forbidden one", () => {
    const failed = result.outcomes.filter(
      (o) => o.kind !== "must-be-empty" && o.kind !== "typo" && o.failure !== undefined,
    );
    expect(failed.map((o) => `[${o.kind}] ${o.q}: ${o.failure}`)).toEqual([]);
  });

  it("ranks what the abbreviation queries must find near the top (MRR ≥ 0.9; 0.47 before the synonyms)", () => {
    expect(result.byKind["abbreviation"]?.recall).toBe(1);
    expect(result.byKind["abbreviation"]?.mrr).toBeGreaterThanOrEqual(0.9);
  });

  it("finds names typed in the other script, ranked near the top (MRR ≥ 0.9; recall 40 % before)", () => {
    expect(result.byKind["cross-script"]?.recall).toBe(1);
    expect(result.byKind["cross-script"]?.mrr).toBeGreaterThanOrEqual(0.9);
  });

  it("finds Uzbek, Kyrgyz and Tajik words in other forms than the release's (recall 58.8 % before the light stemmer)", () => {
    expect(result.byKind["inflection-uz-ky-tg"]?.recall).toBe(1);
    expect(result.byKind["inflection-uz-ky-tg"]?.mrr).toBeGreaterThanOrEqual(0.85);
  });

  it("finds a Russian or Kazakh verb asked in another form than the release's (recall 66.7 % before)", () => {
    expect(result.byKind["verb-forms"]?.recall).toBe(1);
    expect(result.byKind["verb-forms"]?.mrr).toBeGreaterThanOrEqual(0.85);
  });

  it("returns nothing for the must-be-empty queries", () => {
    expect(
      result.outcomes.filter((o) => o.kind === "must-be-empty" && o.total > 0).map((o) => `${o.q}: ${o.failure}`),
    ).toEqual([]);
  });

  it("offers a correction that finds the release for most typos (at least 10 of 12)", () => {
    const typos = result.outcomes.filter((o) => o.kind === "typo");
    expect(
      typos.filter((o) => o.failure === undefined).length,
      typos.map((o) => `${o.q} → ${o.suggestion ?? "no suggestion"}: ${o.failure ?? "ok"}`).join("\n"),
    ).toBeGreaterThanOrEqual(10);
  });
});
