import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

/** Issue 30, item 2: browsing without a query: a tag's, a language's, a ministry's, or all releases, page after page. */
describe("browsing without words (real stack)", () => {
  let stack: TestStack;
  const tag = "финансы";
  const get = (path: string, accept = "application/json") => fetch(`${stack.feedsUrl}${path}`, { headers: { accept } });
  const search = async (query: string) =>
    (await (await get(`/v1/search?${query}`)).json()) as {
      total: number;
      hits: { title: string }[];
      nextCursor?: string;
    };

  beforeAll(async () => {
    stack = await startTestStack("browsing");
    const releases = [
      {
        ...sampleRelease("browse-ru"),
        title: "Бюджет на следующий год",
        tags: [tag],
        publishedAt: "2026-12-01T10:00:00+05:00",
      },
      {
        ...sampleRelease("browse-kk"),
        language: "kk",
        title: "Келесі жылғы бюджет",
        tags: [tag],
        publishedAt: "2026-12-02T10:00:00+05:00",
      },
      {
        ...sampleRelease("browse-en"),
        language: "en",
        title: "A visit to Turkestan",
        tags: ["visits"],
        publishedAt: "2026-12-03T10:00:00+05:00",
      },
    ];
    for (const release of releases) expect((await stack.post(release)).status).toBe(202);
    await eventually(async () => expect((await search("sort=date")).total).toBe(3), { timeoutMs: 15_000 });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("lists a tag's, a language's or every release through /v1/search, newest first, with paging", async () => {
    const tagged = await search(`tag=${encodeURIComponent(tag)}`);
    expect(tagged.total).toBe(2);
    expect(tagged.hits.map((hit) => hit.title)).toEqual(["Келесі жылғы бюджет", "Бюджет на следующий год"]);
    expect((await search("lang=kk")).hits.map((hit) => hit.title)).toEqual(["Келесі жылғы бюджет"]);
    const first = await search(`tag=${encodeURIComponent(tag)}&size=1`);
    expect(first.nextCursor).toBeDefined();
    const second = await search(`tag=${encodeURIComponent(tag)}&size=1&cursor=${first.nextCursor}`);
    expect(second.hits.map((hit) => hit.title)).toEqual(["Бюджет на следующий год"]);
  });

  it("follows a release page's tag link to that tag's releases (before: 0 found)", async () => {
    const id = (
      (await (await get(`/v1/search?q=${encodeURIComponent("бюджет")}&lang=ru`)).json()) as {
        hits: { id: string }[];
      }
    ).hits[0]!.id;
    const page = await (await get(`/releases/${id}`, "text/html")).text();
    const href = /<ul class="tags"[^>]*><li><a href="([^"]+)"/.exec(page)?.[1]?.replaceAll("&amp;", "&");
    expect(href).toBe(`${stack.feedsUrl}/?tag=${encodeURIComponent(tag)}`);
    const listing = await (await get(href!.slice(stack.feedsUrl.length), "text/html")).text();
    expect(listing).toContain("Бюджет на следующий год");
    expect(listing).toContain("Келесі жылғы бюджет");
    expect(listing).not.toContain("A visit to Turkestan");
    expect(listing).toMatch(/<h1>#финансы<\/h1>/);
  });

  it("links home and a ministry's page to all their releases, and languages to their listings", async () => {
    const home = await (await get("/?hl=ru", "text/html")).text();
    expect(home).toContain(`href="${stack.feedsUrl}/?sort=date&amp;hl=ru"`);
    expect(home).toContain(`href="${stack.feedsUrl}/?lang=kk&amp;hl=ru"`);
    const all = await (await get("/?sort=date", "text/html")).text();
    for (const title of ["Бюджет на следующий год", "Келесі жылғы бюджет", "A visit to Turkestan"])
      expect(all).toContain(title);
    const ministry = await (await get("/publishers/demo", "text/html")).text();
    expect(ministry).toContain(`href="${stack.feedsUrl}/?publisher=demo"`);
    const listing = await (await get("/?publisher=demo", "text/html")).text();
    expect(listing).toContain("A visit to Turkestan");
  });
});
