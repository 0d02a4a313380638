import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

const browser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

describe("what a browser sees when something is wrong (real stack)", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack("browser-errors");
  });
  afterAll(() => stack.stop());

  it("ignores a shared link's tracking parameters on the portal", async () => {
    const response = await fetch(`${stack.feedsUrl}/?q=${encodeURIComponent("Жусан")}&utm_source=telegram&fbclid=abc`, { headers: browser });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    // The API still refuses what it does not know, naming it.
    expect((await fetch(`${stack.feedsUrl}/v1/search?q=x&utm_source=telegram`)).status).toBe(400);
  });

  it("gives browsers HTML error pages (with the page headers) and API clients problem+json", async () => {
    const missing = await fetch(`${stack.feedsUrl}/releases/demo-00000000000000000000000000000000`, { headers: browser });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^text\/html/);
    expect(missing.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await missing.text();
    expect(html).toContain("<h1>Nothing here</h1>");
    expect(html).toContain("No published release with id demo-00000000000000000000000000000000.");
    const bad = await fetch(`${stack.feedsUrl}/?q=${"x".repeat(2000)}`, { headers: browser });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toMatch(/^text\/html/);
    const api = await fetch(`${stack.feedsUrl}/releases/demo-00000000000000000000000000000000`);
    expect(api.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await api.json()).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});
