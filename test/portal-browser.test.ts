import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

const chromiumPath = "/usr/bin/chromium";

describe("the portal in a real browser (Debian chromium, headless, through playwright-core)", () => {
  let stack: TestStack;
  let browser: Browser;
  let feedsUrl = "";

  beforeAll(async () => {
    if (!existsSync(chromiumPath))
      throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (the CI script does)`);
    stack = await startTestStack("browser");
    feedsUrl = stack.feedsUrl;
    const posted = await stack.post(sampleRelease("browser-1"));
    expect(posted.status).toBe(202);
    for (let attempt = 0; ; attempt++) {
      const { total } = (await (
        await fetch(`${feedsUrl}/v1/search?q=${encodeURIComponent("реинтеграция")}`)
      ).json()) as { total: number };
      if (total > 0) break;
      if (attempt > 100) throw new Error("the release was not indexed");
      await sleep(200);
    }
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("types a query, sees results, opens one, and finds its language and feed links", async () => {
    const page = await browser.newPage();
    await page.goto(`${feedsUrl}/`);
    await page.getByLabel("Search press releases").fill("реинтеграция");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\?q=/);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/^1 result/);
    const result = page.locator("ol.results li").first();
    expect(await result.getAttribute("lang")).toBe("ru");
    await result.getByRole("link").first().click();
    await page.waitForURL(/\/releases\/demo-/);
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(sampleRelease().title);
    const feeds = await page
      .locator('link[rel="alternate"][type]')
      .evaluateAll((links) => links.map((link) => [link.getAttribute("type"), link.getAttribute("href")]));
    expect(feeds).toEqual(
      expect.arrayContaining([
        ["application/rss+xml", `${feedsUrl}/publishers/demo/feed.rss`],
        ["application/atom+xml", `${feedsUrl}/publishers/demo/feed.atom`],
      ]),
    );
    const rss = await page.request.get(`${feedsUrl}/publishers/demo/feed.rss`);
    expect(rss.status()).toBe(200);
    expect(await rss.text()).toContain(sampleRelease().title);
  });
});
