import { existsSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "nats";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger, type RunningService } from "@gazette/shared";
import { loadFeedsConfig } from "../services/feeds/src/config.ts";
import { startFeeds } from "../services/feeds/src/service.ts";
import { loadIndexerConfig } from "../services/indexer/src/config.ts";
import { startIndexer } from "../services/indexer/src/service.ts";
import { loadIngestConfig } from "../services/ingest/src/config.ts";
import { startIngest } from "../services/ingest/src/service.ts";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { uniqueNames } from "./support/names.ts";
import { sampleRelease } from "./support/sample-release.ts";

const chromiumPath = "/usr/bin/chromium";

describe("the portal in a real browser (Debian chromium, headless, through playwright-core)", () => {
  const names = uniqueNames("browser");
  const logger = createLogger("test", "warn");
  const services: RunningService[] = [];
  let browser: Browser;
  let feedsUrl = "";

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install -y chromium (the CI script does)`);
    const feedsPort = await freePort();
    feedsUrl = `http://127.0.0.1:${feedsPort}`;
    const env = { ...names, NATS_URL: inject("natsUrl"), OPENSEARCH_URL: inject("opensearchUrl"), LOG_LEVEL: "warn", INGEST_PORT: "0", INDEXER_PORT: "0", FEEDS_PORT: String(feedsPort), INDEXER_FLUSH_MS: "50", PUBLIC_BASE_URL: feedsUrl };
    services.push(await startIndexer(loadIndexerConfig(env), logger), await startIngest(loadIngestConfig(env), logger), await startFeeds(loadFeedsConfig(env), logger));
    const ingestUrl = `http://127.0.0.1:${services[1]!.port}`;
    const posted = await fetch(`${ingestUrl}/v1/releases`, { method: "POST", headers: { authorization: "Bearer demo-key", "content-type": "application/json" }, body: JSON.stringify(sampleRelease("browser-1")) });
    expect(posted.status).toBe(202);
    for (let attempt = 0; ; attempt++) {
      const { total } = (await (await fetch(`${feedsUrl}/v1/search?q=${encodeURIComponent("реинтеграция")}`)).json()) as { total: number };
      if (total > 0) break;
      if (attempt > 100) throw new Error("the release was not indexed");
      await sleep(200);
    }
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
  });

  afterAll(async () => {
    await browser?.close();
    for (const service of services.reverse()) await service.stop();
    const nats = await connect({ servers: inject("natsUrl") });
    const jsm = await nats.jetstreamManager();
    await jsm.streams.delete(names.NATS_STREAM).catch(() => undefined);
    await jsm.streams.delete(`KV_${names.INGEST_RELEASES_BUCKET}`).catch(() => undefined);
    await nats.close();
    await fetch(`${inject("opensearchUrl")}/${names.OPENSEARCH_INDEX}-v*`, { method: "DELETE" });
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
    const feeds = await page.locator('link[rel="alternate"][type]').evaluateAll((links) => links.map((link) => [link.getAttribute("type"), link.getAttribute("href")]));
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
