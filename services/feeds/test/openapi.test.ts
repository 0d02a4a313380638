import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { closeServer, createLogger, listen, portOf } from "@gazette/shared";
import { createApp } from "../src/app.ts";
import type { FeedSource } from "../src/feeds/feed-source.ts";
import { createFeedsMetrics } from "../src/feeds-metrics.ts";
import { feedsOpenApiDocument } from "../src/api/openapi.ts";
import type { ReleaseReader } from "../src/read/read-model.ts";
import type { SearchCache } from "../src/http-cache/search-cache.ts";
import type { WebSubHub } from "../src/websub/websub-hub.ts";
import { operationsOf, routesOf } from "../../../test/support/express-routes.ts";

/** Feeds' app with nothing behind it: enough to list its routes and answer /openapi.json. */
function app() {
  return createApp({
    logger: createLogger("test", "silent"),
    releases: {} as ReleaseReader,
    feeds: {} as FeedSource,
    searches: {} as SearchCache,
    hub: {} as WebSubHub,
    publicBaseUrl: "https://gazette.example",
    readiness: [],
    metrics: createFeedsMetrics(() => 0),
  });
}

/** Pages for people, and what operators read: not an API, so not in the document. */
const forPeople = [
  "GET /",
  "GET /assets/gazette.css",
  "GET /favicon.ico",
  "GET /assets/favicon.svg",
  "GET /assets/gazette-card.png",
  "GET /publishers/{id}",
  "GET /releases/{id}",
  "GET /report",
  "POST /report",
  "GET /healthz",
  "GET /readyz",
  "GET /metrics",
];

describe("feeds' GET /openapi.json (issue 30)", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(structuredClone(feedsOpenApiDocument()));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("has every route feeds serve but the pages for people and the operators' endpoints", () => {
    const served = routesOf(app())
      .filter((route) => !forPeople.includes(route))
      // The monthly sitemaps are one RegExp route.
      .map((route) => (route.startsWith("GET /^\\/sitemap-") ? "GET /sitemap-{month}.xml" : route))
      .sort();
    expect(served.length).toBeGreaterThan(20);
    expect(served).toEqual(operationsOf(feedsOpenApiDocument()));
  });

  it("describes the search parameters as feeds validates them", () => {
    const search = feedsOpenApiDocument().paths["/v1/search"] as { get: { parameters: { name: string }[] } };
    expect(search.get.parameters.map((parameter) => parameter.name).sort()).toEqual(
      ["autocorrect", "collapse", "cursor", "from", "hl", "lang", "publisher", "q", "size", "sort", "tag", "to"].sort(),
    );
  });

  it("is served, to any origin", async () => {
    const server = await listen(app(), 0);
    try {
      const response = await fetch(`http://127.0.0.1:${portOf(server)}/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(await response.json()).toEqual(JSON.parse(JSON.stringify(feedsOpenApiDocument())));
    } finally {
      await closeServer(server);
    }
  });
});
