import { describe, expect, it } from "vitest";
import { z } from "zod";
import { backoffDelay, fieldProblems, GazetteError, parseOrRefuse } from "@gazette/shared";

describe("backoffDelay", () => {
  it("starts at the first delay, multiplies by the factor per failure, and stops at the ceiling", () => {
    const policy = { firstMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4, 6, 7, 50].map((failures) => backoffDelay(failures, policy))).toEqual([
      1000, 2000, 4000, 8000, 32_000, 60_000, 60_000,
    ]);
    expect([1, 2, 3].map((failures) => backoffDelay(failures, { firstMs: 1000, factor: 4, maxMs: 60_000 }))).toEqual([
      1000, 4000, 16_000,
    ]);
  });

  it("treats no failure yet as the first, and spreads delays within [d, 2d] with jitter", () => {
    expect(backoffDelay(0, { firstMs: 500, maxMs: 30_000 })).toBe(500);
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(3, { firstMs: 100, maxMs: 10_000, jitter: true });
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });
});

describe("field problems from zod issues", () => {
  const Schema = z.strictObject({ title: z.string().min(1), images: z.array(z.strictObject({ url: z.url() })) });

  it("names each bad field by its path, and each unknown key on its own", () => {
    const result = Schema.safeParse({ title: "", images: [{ url: "nope", alt: "x" }], titel: "typo", colour: 1 });
    expect(result.success).toBe(false);
    const problems = fieldProblems(result.error!.issues, { root: "(body)" });
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: "title", message: expect.any(String) },
        { field: "images.0.url", message: expect.any(String) },
        { field: "images.0.alt", message: "unknown field" },
        { field: "titel", message: "unknown field" },
        { field: "colour", message: "unknown field" },
      ]),
    );
  });

  it("refuses with the code asked for, the problems under errors, and the root named for a whole-input issue", () => {
    let refused: unknown;
    try {
      parseOrRefuse(z.string(), 42, { code: "BAD_QUERY_PARAMETER", root: "(query)", prefix: "Bad: " });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(GazetteError);
    const error = refused as GazetteError;
    expect(error.code).toBe("BAD_QUERY_PARAMETER");
    expect(error.message).toMatch(/^Bad: \(query\): /);
    expect(error.extensions["errors"]).toEqual([{ field: "(query)", message: expect.any(String) }]);
  });
});
