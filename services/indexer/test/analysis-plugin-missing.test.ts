import { describe, expect, it } from "vitest";
import { AnalysisPluginMissing, saysPluginMissing } from "../src/index/index-setup.ts";

describe("an OpenSearch without Gazette's analysis plugin", () => {
  it("is told apart by what OpenSearch answers (OpenSearch 2.19 without the plugin, by hand)", () => {
    // The answer of `POST /_analyze` with the plugin's filter on an OpenSearch 2.19.6 without it.
    const answer =
      '{"error":{"root_cause":[{"type":"illegal_argument_exception","reason":"failed to find global filter under [gazette_letter_folding]"}],"type":"illegal_argument_exception","reason":"failed to find global filter under [gazette_letter_folding]"},"status":400}';
    expect(saysPluginMissing(answer)).toBe(true);
    expect(saysPluginMissing('{"reason":"Unknown filter type [gazette_letter_folding] for [x]"}')).toBe(true);
    // A build older than the indexer: it lacks the newest filter.
    expect(saysPluginMissing('{"reason":"failed to find global filter under [gazette_fleeting_vowel]"}')).toBe(true);
    expect(saysPluginMissing('{"reason":"index [releases] already exists"}')).toBe(false);
    expect(saysPluginMissing("connect ECONNREFUSED 127.0.0.1:9200")).toBe(false);
  });

  it("stops the indexer with the fix in its message", () => {
    const error = new AnalysisPluginMissing(new Error("template after composition is invalid"));
    expect(error.name).toBe("AnalysisPluginMissing");
    expect(error.message).toContain("opensearch-plugin install");
    expect(error.message).toContain("docker compose build opensearch");
  });
});
