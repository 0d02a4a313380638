import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { closeServer, createLogger, listen, portOf } from "@gazette/shared";
import { createApp } from "../src/app.ts";
import { developmentRegistry } from "../src/publishers/publisher-registry.ts";
import type { ReleaseService } from "../src/releases/release-service.ts";
import { ingestOpenApiDocument } from "../src/openapi.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";
import { operationsOf, routesOf } from "../../../test/support/express-routes.ts";

/** Ingest's app with every route mounted, its collaborators unused (the document and routing only). */
function ingestApp() {
  return createApp({
    logger: createLogger("test", "silent"),
    registry: developmentRegistry(),
    releases: {} as ReleaseService,
    readiness: [],
    rateLimitPerMinute: 10,
    upstreams: async () => [],
    maxUpstreamBytes: 1024 * 1024,
    upstreamHub: {} as never,
    reports: {} as never,
  });
}

describe("GET /openapi.json", () => {
  it("is a valid OpenAPI 3.1 document covering every publisher call", async () => {
    const document = ingestOpenApiDocument();
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(document.paths).sort()).toEqual([
      "/openapi.json",
      "/v1/releases",
      "/v1/releases/{externalId}",
      "/v1/releases/{externalId}/versions",
      "/v1/releases:batch",
      "/v1/report",
      "/v1/upstreams",
      "/websub/upstreams/{key}",
    ]);
  });

  it("has every route ingest serves, but its health and metrics (for operators, not clients)", () => {
    const app = ingestApp();
    const operational = ["GET /healthz", "GET /metrics", "GET /readyz"];
    const served = routesOf(app).filter((route) => !operational.includes(route));
    expect(served.length).toBeGreaterThan(8);
    expect(served).toEqual(operationsOf(ingestOpenApiDocument()));
  });

  it("describes releases as ingest validates them: the sample passes, unknown fields and bad values do not", () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const valid = ajv.compile(ingestOpenApiDocument().components.schemas.ReleaseInput);
    const sample = sampleRelease("openapi");
    expect(valid(sample)).toBe(true);
    expect(valid({ ...sample, titel: "typo" })).toBe(false);
    expect(valid({ ...sample, title: "x".repeat(501) })).toBe(false);
    expect(valid({ ...sample, publishedAt: "2024-05-01 10:00" })).toBe(false);
    expect(valid({ ...sample, tags: Array(51).fill("t") })).toBe(false);
    expect(valid({ ...sample, sourceUrl: "not a url" })).toBe(false);
    const { title: _title, ...untitled } = sample;
    expect(valid(untitled)).toBe(false);
  });

  it("is served without a key, as JSON", async () => {
    const app = ingestApp();
    const server = await listen(app, 0);
    try {
      const response = await fetch(`http://127.0.0.1:${portOf(server)}/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual(JSON.parse(JSON.stringify(ingestOpenApiDocument())));
    } finally {
      await closeServer(server);
    }
  });
});
