import { describe, expect, it } from "vitest";
import { ConfigError, commonConfigShape, loadConfig, openSearchConfigShape } from "@gazette/shared";

const shape = { ...commonConfigShape, ...openSearchConfigShape };

describe("loadConfig", () => {
  it("applies defaults, treats empty as unset, and freezes the result", () => {
    const config = loadConfig(shape, { NATS_URL: "", LOG_LEVEL: "debug" });
    expect(config).toMatchObject({
      NATS_URL: "nats://127.0.0.1:4222",
      OPENSEARCH_URL: "http://127.0.0.1:9200",
      NATS_STREAM: "RELEASES",
      LOG_LEVEL: "debug",
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("fails fast naming every bad variable", () => {
    let error: unknown;
    try {
      loadConfig(shape, { LOG_LEVEL: "loud", OPENSEARCH_URL: "not a url" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(["LOG_LEVEL", "OPENSEARCH_URL"]);
    expect((error as ConfigError).message).toContain("LOG_LEVEL");
  });
});
