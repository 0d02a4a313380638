import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOpenSearchClient, type OpenSearchClient } from "@gazette/shared";
import { loadIndexerConfig } from "../src/config.ts";
import { ensureReleaseIndex } from "../src/index/index-setup.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { dropReleaseIndex } from "../../../test/support/release-index.ts";

describe("shards and replicas as configuration (OPENSEARCH_SHARDS, OPENSEARCH_REPLICAS)", () => {
  it("defaults to one node's topology and refuses what OpenSearch would refuse", () => {
    const config = loadIndexerConfig({});
    expect([config.OPENSEARCH_SHARDS, config.OPENSEARCH_REPLICAS, config.NATS_REPLICAS]).toEqual([1, 0, 1]);
    const cluster = loadIndexerConfig({ OPENSEARCH_SHARDS: "3", OPENSEARCH_REPLICAS: "1", NATS_REPLICAS: "3" });
    expect([cluster.OPENSEARCH_SHARDS, cluster.OPENSEARCH_REPLICAS, cluster.NATS_REPLICAS]).toEqual([3, 1, 3]);
    expect(() => loadIndexerConfig({ OPENSEARCH_SHARDS: "0" })).toThrow(/OPENSEARCH_SHARDS/);
    expect(() => loadIndexerConfig({ OPENSEARCH_REPLICAS: "-1" })).toThrow(/OPENSEARCH_REPLICAS/);
    expect(() => loadIndexerConfig({ NATS_REPLICAS: "2.5" })).toThrow(/NATS_REPLICAS/);
  });

  describe("in the real index", () => {
    const alias = uniqueNames("topology").OPENSEARCH_INDEX;
    let client: OpenSearchClient;
    const settingsOf = async () => {
      const body = (await client.indices.getSettings({ index: alias })).body as Record<
        string,
        { settings: { index: { number_of_shards: string; number_of_replicas: string } } }
      >;
      return Object.values(body).map(({ settings }) => [
        Number(settings.index.number_of_shards),
        Number(settings.index.number_of_replicas),
      ]);
    };

    beforeAll(() => {
      client = createOpenSearchClient(inject("opensearchUrl"));
    });

    afterAll(async () => {
      await dropReleaseIndex(client, alias);
    });

    it("makes a new index with the shards and replicas given, and gives an existing one new replicas", async () => {
      await ensureReleaseIndex(client, alias, { topology: { shards: 2, replicas: 0 } });
      expect(await settingsOf()).toEqual([[2, 0]]);
      // One node cannot hold a copy (the health turns yellow), but the setting is what a cluster acts on.
      const otherShards: string[][] = [];
      await ensureReleaseIndex(client, alias, {
        topology: { shards: 3, replicas: 1 },
        onOtherShards: (indices) => otherShards.push(indices),
      });
      expect(await settingsOf()).toEqual([[2, 1]]);
      expect(otherShards).toEqual([[expect.stringMatching(new RegExp(`^${alias}-v\\d+$`))]]);
    });
  });
});
