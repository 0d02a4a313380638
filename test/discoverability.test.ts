import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

/** Issue 30, item 6 and 8: search engines and link previews find and describe every release. */
describe("discoverable: robots.txt, sitemaps, and each release page's metadata (real stack)", () => {
  let stack: TestStack;
  let id = "";
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.feedsUrl}${path}`, { headers });
  const wellFormed = (xml: string) => spawnSync("xmllint", ["--noout", "-"], { input: xml }).status === 0;

  beforeAll(async () => {
    stack = await startTestStack("discovery");
    const { summary: _none, ...withoutSummary } = sampleRelease("discovery-1");
    const release = {
      ...withoutSummary,
      title: "Заголовок с </script><script>alert(1)</script> внутри",
      publishedAt: "2026-11-15T09:00:00+05:00",
      images: [{ url: "https://example.gov.kz/media/photo.jpg", caption: "Фото" }],
    };
    const posted = await stack.post(release);
    expect(posted.status).toBe(202);
    id = ((await posted.json()) as { id: string }).id;
    await eventually(async () => expect((await get(`/v1/releases/${id}`)).status).toBe(200), { timeoutMs: 15_000 });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("names the sitemap in robots.txt and keeps crawlers off the report", async () => {
    const robots = await (await get("/robots.txt")).text();
    expect(robots).toContain(`Sitemap: ${stack.feedsUrl}/sitemap.xml`);
    expect(robots).toMatch(/^Disallow: \/report$/m);
  });

  it("lists every release page in a sitemap of its month, from the sitemap index", async () => {
    const index = await get("/sitemap.xml");
    expect(index.status).toBe(200);
    const indexXml = await index.text();
    expect(wellFormed(indexXml)).toBe(true);
    expect(indexXml).toContain(`<loc>${stack.feedsUrl}/sitemap-pages.xml</loc>`);
    expect(indexXml).toContain(`<loc>${stack.feedsUrl}/sitemap-2026-11.xml</loc>`);
    const month = await (await get("/sitemap-2026-11.xml")).text();
    expect(wellFormed(month)).toBe(true);
    expect(month).toContain(`<loc>${stack.feedsUrl}/releases/${id}</loc>`);
    expect(month).toMatch(/<lastmod>2026-\d\d-\d\dT[\d:.]+Z<\/lastmod>/);
    const pages = await (await get("/sitemap-pages.xml")).text();
    expect(pages).toContain(`<loc>${stack.feedsUrl}/publishers/demo</loc>`);
    expect((await get("/sitemap-1999-01.xml")).status).toBe(404);
    expect((await get("/sitemap-2026-13.xml")).status).toBe(404);
  });

  it("describes a release page: meta description, canonical, OpenGraph, NewsArticle JSON-LD (a title cannot end the script)", async () => {
    const html = await (await get(`/releases/${id}`, { accept: "text/html" })).text();
    expect(html).toMatch(/<meta name="description" content="[^"]{40,}">/);
    expect(html).toContain(`<meta property="og:url" content="${stack.feedsUrl}/releases/${id}">`);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta property="og:image" content="https://example.gov.kz/media/photo.jpg">');
    expect(html).toMatch(/<meta property="og:title" content="Заголовок с &lt;\/script&gt;/);
    expect(html).toMatch(/<link rel="canonical" href="[^"]+">/);
    const scripts = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    const article = JSON.parse(scripts[0]![1]!) as Record<string, unknown>;
    expect(article).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "Заголовок с </script><script>alert(1)</script> внутри",
      inLanguage: "ru",
      url: `${stack.feedsUrl}/releases/${id}`,
      image: ["https://example.gov.kz/media/photo.jpg"],
    });
    // No other script anywhere on the page: the title's stayed text.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it("has an icon (SVG, and /favicon.ico for browsers that ask for it) and shares a release without pictures with Gazette's card", async () => {
    const home = await (await get("/", { accept: "text/html" })).text();
    expect(home).toContain(`<link rel="icon" href="${stack.feedsUrl}/assets/favicon.svg" type="image/svg+xml">`);
    const ico = await get("/favicon.ico");
    expect(ico.status).toBe(200);
    expect(ico.headers.get("content-type")).toBe("image/x-icon");
    const icoBytes = Buffer.from(await ico.arrayBuffer());
    expect([...icoBytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    // The PNG inside (ICO's directory says where) is a real PNG.
    expect(icoBytes.subarray(22, 26).toString("latin1")).toBe("\x89PNG");
    const svg = await get("/assets/favicon.svg");
    expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    const card = await get("/assets/gazette-card.png");
    const png = Buffer.from(await card.arrayBuffer());
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    const { images: _none, ...noImages } = sampleRelease("discovery-plain");
    const posted = await stack.post({ ...noImages, images: [] });
    const plain = ((await posted.json()) as { id: string }).id;
    let html = "";
    for (let attempt = 0; attempt < 50 && !html.includes("og:image"); attempt++) {
      html = await (await get(`/releases/${plain}`, { accept: "text/html" })).text();
      if (!html.includes("og:image")) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(html).toContain(`<meta property="og:image" content="${stack.feedsUrl}/assets/gazette-card.png">`);
    expect(html).toContain('<meta property="og:image:width" content="1200">');
  });
});
