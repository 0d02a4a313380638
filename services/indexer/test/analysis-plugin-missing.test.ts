import { describe, expect, inject, it } from "vitest";
import { createOpenSearchClient } from "@gazette/shared";
import { analysisSettings } from "../src/analysis/index.ts";
import { AnalysisPluginMissing, pluginProbeRequest, saysPluginMissing } from "../src/index/index-setup.ts";

const indexFilters = (analysisSettings() as { filter: Record<string, { type: string }> }).filter;

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

  it("is probed with every filter type of the plugin that the index's analysis uses, each once", () => {
    const used = new Set(Object.values(indexFilters).map((filter) => filter.type));
    const pluginTypes = [...used].filter((type) => type.startsWith("gazette_")).sort();
    // The five types of ADR 0030 and 0031 at the time of writing; a new one joins the probe by itself.
    expect(pluginTypes.length).toBeGreaterThanOrEqual(5);
    const probed = pluginProbeRequest(indexFilters).filter.map((filter) => filter.type);
    expect([...probed].sort()).toEqual(pluginTypes);
    // Each probed with the settings the index gives it (a build that refuses a setting is too old).
    for (const filter of pluginProbeRequest(indexFilters).filter)
      expect(Object.values(indexFilters)).toContainEqual(filter);
  });

  it("passes on a node with the current build and fails on a filter type the node lacks (real OpenSearch)", async () => {
    const client = createOpenSearchClient(inject("opensearchUrl"));
    const answer = await client.indices.analyze({ body: pluginProbeRequest(indexFilters) as never });
    expect((answer.body.tokens ?? []).length).toBeGreaterThan(0);
    // A build older than the indexer: one of the filters the indexer asks for is unknown to the node.
    const newer = { ...indexFilters, gazette_from_a_newer_build: { type: "gazette_from_a_newer_build" } };
    const refused = await client.indices.analyze({ body: pluginProbeRequest(newer) as never }).then(
      () => "accepted",
      (error: { body?: unknown }) => JSON.stringify(error.body),
    );
    expect(saysPluginMissing(refused)).toBe(true);
  });
});
