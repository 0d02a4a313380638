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
    const response = await fetch(`${stack.feedsUrl}/?q=${encodeURIComponent("Жусан")}&utm_source=telegram&fbclid=abc`, {
      headers: browser,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    // The API still refuses what it does not know, naming it.
    expect((await fetch(`${stack.feedsUrl}/v1/search?q=x&utm_source=telegram`)).status).toBe(400);
  });

  it("gives browsers HTML error pages (with the page headers) and API clients problem+json", async () => {
    const missing = await fetch(`${stack.feedsUrl}/releases/demo-00000000000000000000000000000000`, {
      headers: browser,
    });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toMatch(/^text\/html/);
    expect(missing.headers.get("content-security-policy")).toContain("default-src 'none'");
    // The same URL answers HTML or problem+json by Accept: both say so, for the edge's cache.
    expect(missing.headers.get("vary") ?? "").toMatch(/(^|,\s*)Accept(\s*,|$)/i);
    const html = await missing.text();
    expect(html).toContain("<h1>Nothing here</h1>");
    expect(html).toContain("No published release with id demo-00000000000000000000000000000000.");
    const bad = await fetch(`${stack.feedsUrl}/?q=${"x".repeat(2000)}`, { headers: browser });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toMatch(/^text\/html/);
    // In Russian and Kazakh: what it means and what to do in the reader's words; the English detail kept apart.
    for (const [language, said, summary] of [
      ["ru", "В адресе есть параметр, который портал не понимает.", "Техническая подробность (на английском)"],
      ["kk", "Мекенжайда портал түсінбейтін параметр бар.", "Техникалық мәлімет (ағылшынша)"],
    ] as const) {
      const page = await (
        await fetch(`${stack.feedsUrl}/?q=${"x".repeat(2000)}`, {
          headers: { ...browser, "accept-language": language },
        })
      ).text();
      expect(page).toContain(said);
      expect(page).toMatch(
        new RegExp(`<details><summary>${summary.replace(/[()]/g, "\\$&")}</summary><p lang="en">[^<]+</p></details>`),
      );
    }
    const api = await fetch(`${stack.feedsUrl}/releases/demo-00000000000000000000000000000000`);
    expect(api.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(api.headers.get("vary") ?? "").toMatch(/(^|,\s*)Accept(\s*,|$)/i);
    expect(await api.json()).toMatchObject({ status: 404, code: "NOT_FOUND" });
  });
});

describe("the release page a reader lands on (real stack)", () => {
  let stack: TestStack;
  let id = "";
  beforeAll(async () => {
    stack = await startTestStack("release-page");
    const release = {
      externalId: "page-1",
      language: "ru",
      title: "Заседание экспертного совета по реабилитации",
      summary: "Кратко о заседании.",
      body: "<p>Текст о реабилитации.</p>",
      tags: ["Жусан"],
      sourceUrl: "https://mci.example.kz/news/1",
      images: [{ url: "https://mci.example.kz/photo.jpg", caption: "Участники заседания", credit: "Пресс-служба" }],
    };
    const posted = (await (await stack.post(release)).json()) as { id: string };
    id = posted.id;
    expect(
      (
        await stack.post({
          ...release,
          externalId: "page-2",
          title: "Второе заседание совета по реабилитации",
          images: [],
        })
      ).status,
    ).toBe(202);
    for (let attempt = 0; (await fetch(`${stack.feedsUrl}/releases/${id}`)).status !== 200; attempt++) {
      if (attempt > 100) throw new Error("not indexed");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the second one searchable too (related)
  });
  afterAll(() => stack.stop());

  it("shows the image with caption and credit, the summary, tags with their search and feed, the source, related releases, a way back, and its stylesheet", async () => {
    const html = await (await fetch(`${stack.feedsUrl}/releases/${id}`)).text();
    expect(html).toContain(
      '<img src="https://mci.example.kz/photo.jpg" alt="Участники заседания" loading="lazy"><figcaption>Участники заседания · <span class="credit">Пресс-служба</span></figcaption>',
    );
    expect(html).toContain('<p class="summary">Кратко о заседании.</p>');
    expect(html).toContain(`/tags/${encodeURIComponent("Жусан")}/feed.atom`);
    expect(html).toContain('href="https://mci.example.kz/news/1" rel="external"');
    expect(html).toContain("Второе заседание совета по реабилитации");
    expect(html).toContain("← Search all press releases");
    expect(html).toContain("/assets/gazette.css");
    const css = await fetch(`${stack.feedsUrl}/assets/gazette.css`);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    expect(await css.text()).toContain(":focus-visible");
  });
});
