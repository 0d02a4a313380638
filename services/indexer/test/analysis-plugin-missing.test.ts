import { describe, expect, inject, it } from "vitest";
import { createOpenSearchClient } from "@gazette/shared";
import { analysisSettings } from "../src/analysis/index.ts";
import {
  AnalysisPluginMissing,
  type AnalysisComponents,
  pluginProbeRequest,
  saysPluginMissing,
} from "../src/index/index-setup.ts";

const indexAnalysis = analysisSettings() as unknown as AnalysisComponents;
const indexFilters = indexAnalysis.filter;

describe("an OpenSearch without Gazette's analysis plugin", () => {
  it("is told apart by what OpenSearch answers (OpenSearch 2.19 without the plugin, by hand)", () => {
    // The answer of `POST /_analyze` with the plugin's filter on an OpenSearch 2.19.6 without it.
    const answer =
      '{"error":{"root_cause":[{"type":"illegal_argument_exception","reason":"failed to find global filter under [gazette_letter_folding]"}],"type":"illegal_argument_exception","reason":"failed to find global filter under [gazette_letter_folding]"},"status":400}';
    expect(saysPluginMissing(answer)).toBe(true);
    expect(saysPluginMissing('{"reason":"Unknown filter type [gazette_letter_folding] for [x]"}')).toBe(true);
    // A build older than the indexer: it lacks the newest filter.
    expect(saysPluginMissing('{"reason":"failed to find global filter under [gazette_fleeting_vowel]"}')).toBe(true);
    expect(saysPluginMissing('{"reason":"failed to find global char_filter under [gazette_char_mapping]"}')).toBe(true);
    expect(saysPluginMissing('{"reason":"Unknown char_filter type [gazette_char_mapping] for [x]"}')).toBe(true);
    expect(saysPluginMissing('{"reason":"index [releases] already exists"}')).toBe(false);
    expect(saysPluginMissing("connect ECONNREFUSED 127.0.0.1:9200")).toBe(false);
  });

  it("stops the indexer with the fix in its message", () => {
    const error = new AnalysisPluginMissing(new Error("template after composition is invalid"));
    expect(error.name).toBe("AnalysisPluginMissing");
    expect(error.message).toContain("opensearch-plugin install");
    expect(error.message).toContain("docker compose build opensearch");
  });

  it("is probed with every token and character filter type of the plugin that the index's analysis uses, each once", () => {
    const pluginTypesOf = (components: Record<string, { type: string }>) =>
      [...new Set(Object.values(components).map((component) => component.type))]
        .filter((type) => type.startsWith("gazette_"))
        .sort();
    // The six token filter types of ADRs 0030, 0031 and 0035 at the time of writing, and its character
    // filter (ADR 0035); a new one joins the probe by itself.
    expect(pluginTypesOf(indexAnalysis.filter).length).toBeGreaterThanOrEqual(6);
    expect(pluginTypesOf(indexAnalysis.char_filter)).toEqual(["gazette_char_mapping"]);
    const probe = pluginProbeRequest(indexAnalysis);
    expect(probe.filter.map((filter) => filter.type).sort()).toEqual(pluginTypesOf(indexAnalysis.filter));
    expect(probe.char_filter.map((filter) => filter.type).sort()).toEqual(pluginTypesOf(indexAnalysis.char_filter));
    // Each probed with the settings the index gives it (a build that refuses a setting is too old).
    for (const filter of probe.filter) expect(Object.values(indexAnalysis.filter)).toContainEqual(filter);
    for (const filter of probe.char_filter) expect(Object.values(indexAnalysis.char_filter)).toContainEqual(filter);
  });

  it("passes on a node with the current build and fails on a filter type the node lacks (real OpenSearch)", async () => {
    const client = createOpenSearchClient(inject("opensearchUrl"));
    const answer = await client.indices.analyze({ body: pluginProbeRequest(indexAnalysis) as never });
    expect((answer.body.tokens ?? []).length).toBeGreaterThan(0);
    // A build older than the indexer: one of the filters the indexer asks for is unknown to the node.
    const newer = { type: "gazette_from_a_newer_build" };
    for (const analysis of [
      { ...indexAnalysis, filter: { ...indexFilters, gazette_newer: newer } },
      { ...indexAnalysis, char_filter: { ...indexAnalysis.char_filter, gazette_newer: newer } },
    ]) {
      const refused = await client.indices.analyze({ body: pluginProbeRequest(analysis) as never }).then(
        () => "accepted",
        (error: { body?: unknown }) => JSON.stringify(error.body),
      );
      expect(saysPluginMissing(refused), refused).toBe(true);
    }
  });
});
