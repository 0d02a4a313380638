import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseIdFor } from "@gazette/shared";
import { ministryRss } from "./support/ministry-rss.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { eventually } from "./support/eventually.ts";

describe("a pulled feed without a language, through ingest, the indexer and OpenSearch to readers (real stack)", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-detected-"));
  const feed = ministryRss(undefined, [
    {
      guid: "kk-detected",
      title: "Ауыл шаруашылығы министрлігі көктемгі егіс жұмыстарына жеңілдетілген несие беруді бастады",
      text: "Фермерлер жылдық 5 пайызбен несие ала алады. Өтінімдер аудан әкімдіктері арқылы 1 сәуірге дейін қабылданады.",
    },
    { guid: "und-short", title: "Анонс", text: "12.03" },
  ]);
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" }).end(feed);
  });
  let stack: TestStack;
  const get = async <T>(path: string) => (await (await fetch(`${stack.feedsUrl}${path}`)).json()) as T;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/rss`;
    writeFileSync(
      join(dir, "upstream.json"),
      JSON.stringify({ feeds: [{ publisher: "demo", url, intervalSeconds: 2 }] }),
    );
    stack = await startTestStack("detected", {
      INGEST_UPSTREAM_FEEDS_FILE: join(dir, "upstream.json"),
      // First polls are spread over the interval: a short one keeps the test short.
      INGEST_UPSTREAM_MIN_INTERVAL_SECONDS: "1",
    });
  });

  afterAll(async () => {
    await stack?.stop();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the detected language, marked detected, and keeps the undetermined one as und, filterable", async () => {
    const kazakh = releaseIdFor("demo", "kk-detected");
    await eventually(async () =>
      expect(await get(`/v1/releases/${kazakh}`)).toMatchObject({ language: "kk", languageSource: "detected" }),
    );
    expect(await get(`/v1/releases/${releaseIdFor("demo", "und-short")}`)).toMatchObject({
      language: "und",
      languageSource: "detected",
    });
    const jsonFeed = await get<{ items: { id: string; language: string; _gazette?: { languageSource?: string } }[] }>(
      "/feeds/feed.json",
    );
    expect(jsonFeed.items.find((item) => item.id.endsWith(kazakh))).toMatchObject({
      language: "kk",
      _gazette: { languageSource: "detected" },
    });
    // Kazakh analysis applies: a case form of a word of the title finds it.
    const search = await get<{ hits: { id: string }[] }>("/v1/search?q=несиесі");
    expect(search.hits.map((hit) => hit.id)).toContain(kazakh);
    const undetermined = await get<{ items: { id: string }[] }>("/lang/und/feed.json");
    expect(undetermined.items.map((item) => item.id)).toEqual([
      `urn:gazette:release:${releaseIdFor("demo", "und-short")}`,
    ]);
  });

  it("says on the release page that the language was detected, in the reader's language", async () => {
    const kazakh = releaseIdFor("demo", "kk-detected");
    const page = async (language: string) =>
      (await fetch(`${stack.feedsUrl}/releases/${kazakh}`, { headers: { "accept-language": language } })).text();
    await eventually(async () =>
      expect(await page("ru")).toMatch(/>Казахский<\/a> <span class="detected">\(определён автоматически\)<\/span>/),
    );
    expect(await page("en")).toMatch(/>Kazakh<\/a> <span class="detected">\(detected automatically\)<\/span>/);
  });
});
