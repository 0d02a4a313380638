import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

/** Issue 30, item 5: the ministries Gazette carries, as portals and readers find them. */
describe("ministries: /v1/publishers, their OPML, and no feed of one that does not exist (real stack)", () => {
  let stack: TestStack;
  const get = (path: string) => fetch(`${stack.feedsUrl}${path}`);

  beforeAll(async () => {
    stack = await startTestStack("publishers");
    expect((await stack.post(sampleRelease("directory-ru"))).status).toBe(202);
    expect(
      (await stack.post({ ...sampleRelease("directory-en"), language: "en", title: "Jusan in English" })).status,
    ).toBe(202);
    await eventually(
      async () =>
        expect(((await (await get("/feeds/feed.json")).json()) as { items: unknown[] }).items).toHaveLength(2),
      { timeoutMs: 15_000 },
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("lists every ministry with its names, counts by language and feeds", async () => {
    const response = await get("/v1/publishers");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const { publishers } = (await response.json()) as { publishers: Record<string, unknown>[] };
    const demo = publishers.find((publisher) => publisher["id"] === "demo");
    expect(demo).toMatchObject({
      releases: 2,
      languages: expect.arrayContaining([
        { language: "ru", releases: 1 },
        { language: "en", releases: 1 },
      ]),
      page: `${stack.feedsUrl}/publishers/demo`,
      feeds: {
        rss: `${stack.feedsUrl}/publishers/demo/feed.rss`,
        atom: `${stack.feedsUrl}/publishers/demo/feed.atom`,
        json: `${stack.feedsUrl}/publishers/demo/feed.json`,
        ninjs: `${stack.feedsUrl}/publishers/demo/feed.ninjs`,
      },
    });
    expect(Object.keys(demo!["name"] as object).length).toBeGreaterThan(0);
    // Each feed it names answers.
    for (const url of Object.values(demo!["feeds"] as Record<string, string>))
      expect((await fetch(url)).status, url).toBe(200);
  });

  it("names ministries in search hits (the release's language) and facets (each interface language), not by id alone", async () => {
    const body = (await (await get("/v1/search?sort=date")).json()) as {
      hits: { publisher: string; language: string; publisherName: string }[];
      facets: { publisher: { value: string; count: number; name: Record<string, string> }[] };
    };
    const names = { ru: "Демо-издатель", kk: "Демо баспагер", en: "Demo publisher" };
    for (const hit of body.hits) expect(hit.publisherName).toBe(names[hit.language as keyof typeof names]);
    expect(body.facets.publisher).toEqual([{ value: "demo", count: 2, name: names }]);
  });

  it("gives an OPML 2.0 of their feeds, one outline per ministry and one per language inside", async () => {
    const response = await get("/feeds/publishers.opml");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/x-opml; charset=utf-8");
    const opml = await response.text();
    expect(opml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<opml version="2.0">/);
    for (const language of ["ru", "en"])
      expect(opml).toMatch(new RegExp(`<outline type="rss" [^>]*language="${language}"`));
    // Well-formed XML, as any OPML reader needs.
    expect(spawnSync("xmllint", ["--noout", "-"], { input: opml }).status).toBe(0);
    expect(opml).toContain(`xmlUrl="${stack.feedsUrl}/publishers/demo/feed.atom?lang=ru"`);
    expect(opml).toContain(`xmlUrl="${stack.feedsUrl}/publishers/demo/feed.atom?lang=en"`);
    expect(opml).toContain(`htmlUrl="${stack.feedsUrl}/publishers/demo"`);
  });

  it("answers 404, not an empty feed dated 1970, for a ministry nobody knows; a known one's empty feed is 200", async () => {
    for (const path of [
      "/publishers/nobody/feed.rss",
      "/publishers/nobody/feed.json",
      "/feeds/atom.xml?publisher=nobody",
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect((await response.json()) as object, path).toMatchObject({ code: "NOT_FOUND" });
    }
    const empty = await get("/publishers/demo/feed.atom?lang=kk");
    expect(empty.status).toBe(200);
  });
});
