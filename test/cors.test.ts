import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

/** Issue 30, item 4: other portals call Gazette's public reads from a browser; nothing else. */
describe("CORS (real stack)", () => {
  let stack: TestStack;
  const origin = { origin: "https://portal.example" };

  beforeAll(async () => {
    stack = await startTestStack("cors");
    expect((await stack.post(sampleRelease("cors-1"))).status).toBe(202);
    await eventually(
      async () =>
        expect(
          ((await (await fetch(`${stack.feedsUrl}/feeds/feed.json`)).json()) as { items: unknown[] }).items,
        ).toHaveLength(1),
      { timeoutMs: 15_000 },
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each([
    "/feeds/feed.json",
    "/feeds/atom.xml",
    "/lang/ru/feed.rss",
    "/v1/search?q=%D1%80%D0%B5%D0%B8%D0%BD%D1%82%D0%B5%D0%B3%D1%80%D0%B0%D1%86%D0%B8%D1%8F",
    "/v1/changes",
    "/v1/suggest?q=%D0%B2",
    "/v1/releases/nope",
    "/opensearch.xml",
  ])("lets any origin read %s (errors too), twice (the second from the cache)", async (path) => {
    for (let round = 0; round < 2; round++) {
      const response = await fetch(`${stack.feedsUrl}${path}`, { headers: origin });
      expect(response.headers.get("access-control-allow-origin"), path).toBe("*");
      expect(response.headers.get("access-control-allow-credentials"), path).toBeNull();
      await response.arrayBuffer();
    }
  });

  it("answers a preflight for the public reads, GET and HEAD only", async () => {
    const response = await fetch(`${stack.feedsUrl}/v1/search?q=x`, {
      method: "OPTIONS",
      headers: { ...origin, "access-control-request-method": "GET", "access-control-request-headers": "if-none-match" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET,HEAD");
    const feed = await fetch(`${stack.feedsUrl}/feeds/atom.xml`, {
      method: "OPTIONS",
      headers: { ...origin, "access-control-request-method": "GET" },
    });
    expect(feed.status).toBe(204);
  });

  it("never on the report (a ministry's key), the WebSub hub, or anything of ingest", async () => {
    const report = await fetch(`${stack.feedsUrl}/report`, { headers: origin });
    expect(report.headers.get("access-control-allow-origin")).toBeNull();
    const hub = await fetch(`${stack.feedsUrl}/websub/hub`, {
      method: "OPTIONS",
      headers: { ...origin, "access-control-request-method": "POST" },
    });
    expect(hub.headers.get("access-control-allow-origin")).toBeNull();
    for (const [method, path] of [
      ["GET", "/v1/releases/cors-1"],
      ["OPTIONS", "/v1/releases"],
      ["GET", "/openapi.json"],
    ] as const) {
      const response = await fetch(`${stack.ingestUrl}${path}`, {
        method,
        headers: { ...origin, authorization: "Bearer demo-key", "access-control-request-method": "POST" },
      });
      expect(response.headers.get("access-control-allow-origin"), `${method} ${path}`).toBeNull();
    }
  });
});
