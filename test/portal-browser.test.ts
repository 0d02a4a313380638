import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import axe from "axe-core";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

const chromiumPath = "/usr/bin/chromium";
/** Where the screenshots go: GAZETTE_ARTIFACTS_DIR (CI's log folder), else .gazette/artifacts in the clone. */
const artifacts = join(
  process.env["GAZETTE_ARTIFACTS_DIR"] ?? join(import.meta.dirname, "..", ".gazette", "artifacts"),
  "screenshots",
);

/** axe-core's serious and critical violations on the page, as `rule: target` lines (empty: none). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(async () => {
    const { axe: injected, document } = globalThis as unknown as { axe: typeof axe; document: unknown };
    return injected.run(document as never, { resultTypes: ["violations"] });
  });
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")}`));
}

/** The id of the element that has the focus (run in the page, where there is a document). */
const focusedId = () =>
  (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id;

describe("the portal in a real browser (Debian chromium, headless, through playwright-core)", () => {
  let stack: TestStack;
  let browser: Browser;
  let feedsUrl = "";
  let releasePath = "";
  let goneId = "";

  beforeAll(async () => {
    if (!existsSync(chromiumPath))
      throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (the CI script does)`);
    stack = await startTestStack("browser");
    feedsUrl = stack.feedsUrl;
    expect((await stack.post(sampleRelease("browser-1"))).status).toBe(202);
    const english = {
      ...sampleRelease("browser-2"),
      language: "en",
      title: "Rehabilitation and reintegration of citizens returned from conflict zones",
      summary: "A seminar on reintegration in Tashkent.",
      body: "<p>Ministries discussed the rehabilitation and reintegration of returned citizens.</p>",
      tags: ["reintegration"],
    };
    expect((await stack.post(english)).status).toBe(202);
    const found = await eventually(async () => {
      const response = await fetch(`${feedsUrl}/v1/search?q=${encodeURIComponent("реинтеграция")}`);
      const { total, hits } = (await response.json()) as { total: number; hits: { id: string }[] };
      expect(total, "indexed").toBeGreaterThan(0);
      return hits[0]!.id;
    });
    releasePath = `/releases/${found}`;
    // A release withdrawn after publication: its page answers 410 with when and why.
    const gone = await stack.post({ ...sampleRelease("browser-gone"), title: "Опубликовано по ошибке" });
    goneId = ((await gone.json()) as { id: string }).id;
    await eventually(async () => expect((await fetch(`${feedsUrl}/v1/releases/${goneId}`)).status).toBe(200));
    const withdrawal = await fetch(`${stack.ingestUrl}/v1/releases/browser-gone`, {
      method: "DELETE",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify({ reason: "опубликовано по ошибке" }),
    });
    expect(withdrawal.status).toBe(202);
    await eventually(async () => expect((await fetch(`${feedsUrl}/releases/${goneId}`)).status).toBe(410));
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
    mkdirSync(artifacts, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("types a query, sees results, opens one, and finds its language and feed links", async () => {
    const page = await browser.newPage({ locale: "en-US" });
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

  it("searches with the keyboard alone: Tab to the field, type, Enter", async () => {
    const page = await browser.newPage({ locale: "en-US" });
    await page.goto(`${feedsUrl}/`);
    for (let presses = 0; presses < 15; presses++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(focusedId)) === "q") break;
    }
    expect(await page.evaluate(focusedId)).toBe("q");
    await page.keyboard.type("reintegration");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?q=reintegration/);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/result/);
  });

  it("speaks the reader's language: Accept-Language, and a switcher that keeps the query", async () => {
    const page = await browser.newPage({ locale: "ru-RU" });
    await page.goto(`${feedsUrl}/?q=${encodeURIComponent("реинтеграция")}`);
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    expect(await page.getByRole("button", { name: "Найти" }).count()).toBe(1);
    await expect(page.getByRole("status").textContent()).resolves.toMatch(/^1 результат/);
    await page
      .getByRole("navigation", { name: "Язык интерфейса" })
      .getByRole("link", { name: /^Қазақ/ })
      .click();
    await page.waitForURL(/hl=kk/);
    expect(new URL(page.url()).searchParams.get("q")).toBe("реинтеграция");
    expect(await page.locator("html").getAttribute("lang")).toBe("kk");
    expect(await page.getByRole("button", { name: "Іздеу" }).count()).toBe(1);
    // The choice sticks while browsing: the release's link carries hl on.
    await page.locator("ol.results li").first().getByRole("link").first().click();
    await page.waitForURL(/\/releases\/.*hl=kk/);
    expect(await page.getByRole("link", { name: /Барлық баспасөз релиздерінен іздеу/ }).count()).toBe(1);
  });

  it("has no serious or critical accessibility violations (axe-core) on every kind of page: home, results, release, ministry, 404, 410, tag, language, nothing found, report and its tables", async () => {
    // The pages forbid scripts (CSP); axe is injected by the test, which the browser is told to allow.
    const context = await browser.newContext({ bypassCSP: true, locale: "en-US" });
    const pages = {
      home: "/",
      results: `/?q=${encodeURIComponent("reintegration")}`,
      release: releasePath,
      publisher: "/publishers/demo",
      error: "/releases/no-such-release",
      withdrawn: `/releases/${goneId}`,
      tag: `/?tag=${encodeURIComponent("reintegration")}`,
      language: "/?lang=en",
      nothingFound: `/?q=${encodeURIComponent("reintegration")}&tag=nowhere`,
      report: "/report",
    };
    const statuses: Record<string, number> = { error: 404, withdrawn: 410 };
    const found: Record<string, string[]> = {};
    for (const [name, path] of Object.entries(pages)) {
      const page = await context.newPage();
      const response = await page.goto(`${feedsUrl}${path}`);
      expect(response?.status(), name).toBe(statuses[name] ?? 200);
      found[name] = await seriousViolations(page);
      await page.close();
    }
    // The report with its tables: the ministry's key typed into the form, sent by keyboard.
    const report = await context.newPage();
    await report.goto(`${feedsUrl}/report?hl=ru`);
    await report.getByLabel("Ключ API").fill("demo-key");
    await report.getByLabel("Ключ API").press("Enter");
    await report.waitForSelector("table");
    expect(await report.locator("table caption").first().textContent()).toMatch(/^Релизы: /);
    found["reportTables"] = await seriousViolations(report);
    await report.close();
    expect(found).toEqual(Object.fromEntries([...Object.keys(pages), "reportTables"].map((name) => [name, []])));
    await context.close();
  });

  it("lists a tag's and a language's releases from the links on a release page, and explains a withdrawal", async () => {
    const page = await browser.newPage({ locale: "ru-RU" });
    await page.goto(`${feedsUrl}${releasePath}`);
    await page.locator("ul.tags").getByRole("link", { name: "Жусан", exact: true }).click();
    await page.waitForURL(/\?tag=/);
    expect(await page.locator("ol.results li").count()).toBeGreaterThan(0);
    expect(await page.locator("h1").textContent()).toBe("#Жусан");
    await page.goto(`${feedsUrl}${releasePath}`);
    await page.locator("p.meta").getByRole("link", { name: "Русский" }).click();
    await page.waitForURL(/\?lang=ru/);
    const languages = await page
      .locator("ol.results > li")
      .evaluateAll((items) => items.map((item) => (item as unknown as { lang: string }).lang));
    expect(languages.length).toBeGreaterThan(0);
    expect(new Set(languages)).toEqual(new Set(["ru"]));
    const gone = await page.goto(`${feedsUrl}/releases/${goneId}`);
    expect(gone?.status()).toBe(410);
    expect(await page.locator("main").textContent()).toContain("опубликовано по ошибке");
    await page.close();
  });

  it("saves screenshots at desktop and mobile widths", async () => {
    const saved: string[] = [];
    for (const [width, height, label] of [
      [1280, 900, "desktop"],
      [375, 812, "mobile"],
    ] as const) {
      const page = await browser.newPage({ viewport: { width, height }, locale: "ru-RU" });
      for (const [name, path] of [
        ["home", "/"],
        ["results", `/?q=${encodeURIComponent("реинтеграция")}`],
        ["release", releasePath],
        ["withdrawn", `/releases/${goneId}`],
        ["tag", `/?tag=${encodeURIComponent("Жусан")}`],
        ["report", "/report"],
      ] as const) {
        await page.goto(`${feedsUrl}${path}`);
        if (name === "report") {
          // The report as a ministry sees it: its tables, after the key is sent.
          await page.getByLabel("Ключ API").fill("demo-key");
          await page.getByLabel("Ключ API").press("Enter");
          await page.waitForSelector("table");
        }
        // Nothing runs sideways at this width: the page is no wider than the window.
        const overflow = await page.evaluate(() => {
          const { document, innerWidth } = globalThis as unknown as {
            document: { documentElement: { scrollWidth: number } };
            innerWidth: number;
          };
          return document.documentElement.scrollWidth - innerWidth;
        });
        expect(overflow, `${name} at ${width} px`).toBeLessThanOrEqual(0);
        const file = join(artifacts, `${name}-${label}.png`);
        await page.screenshot({ path: file, fullPage: true });
        saved.push(file);
      }
      await page.close();
    }
    console.info(`screenshots: ${saved.join(", ")}`);
    expect(saved.every((file) => existsSync(file))).toBe(true);
  });
});
