import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorCatalogue, GazetteError, toProblem } from "@gazette/shared";

describe("error catalogue", () => {
  it("is documented in docs/errors.md, code for code and status for status", () => {
    const doc = readFileSync(join(import.meta.dirname, "..", "..", "..", "docs", "errors.md"), "utf8");
    const documented = [...doc.matchAll(/^\| `(\w+)` \| (\d+) \|/gm)].map(([, code, status]) => [code, Number(status)]);
    expect(documented).toEqual(Object.entries(errorCatalogue).map(([code, entry]) => [code, entry.status]));
  });

  it("turns an error into an RFC 9457 problem that keeps its cause out of the body", () => {
    const problem = toProblem(
      new GazetteError("VALIDATION_FAILED", "bad", { cause: new Error("secret"), extensions: { errors: [] } }),
      "/v1/releases",
    );
    expect(problem).toEqual({
      type: "urn:gazette:problem:validation-failed",
      title: errorCatalogue.VALIDATION_FAILED.title,
      status: 400,
      detail: "bad",
      code: "VALIDATION_FAILED",
      instance: "/v1/releases",
      errors: [],
    });
  });
});
