import { describe, expect, it } from "vitest";
import { loadFeedsConfig } from "@gazette/feeds";
import { loadIndexerConfig } from "@gazette/indexer";
import { loadIngestConfig } from "@gazette/ingest";
import { benchServiceEnv } from "../bench/stack.ts";

describe("the bench's service settings", () => {
  it("are accepted by every service's config module (a service that refuses them stops the bench)", () => {
    const env = benchServiceEnv(
      { natsUrl: "nats://127.0.0.1:4222", opensearchUrl: "http://127.0.0.1:9200" },
      { indexer: 18082, ingest: 18081, feeds: 18080 },
    );
    expect(loadFeedsConfig(env).FEEDS_READ_RATE_LIMIT_PER_MINUTE).toBe(10_000_000);
    expect(loadIngestConfig(env).INGEST_RATE_LIMIT_PER_MINUTE).toBe(1_000_000);
    expect(loadIndexerConfig(env).INDEXER_PORT).toBe(18082);
  });
});
