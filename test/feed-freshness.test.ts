import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFeed } from "./support/feedcheck.ts";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

/*
 * Issue 30, item 1: an aggregator polling with If-Modified-Since or If-None-Match sees every visible
 * change of a feed: a release leaving its embargo, a withdrawal. Before, Last-Modified stayed at the
 * previous newest item and a lifted release came with `updated` before `published`: 304, missed.
 */
const tag = "брусника";
const feedPaths = [
  "/feeds/atom.xml",
  "/feeds/rss.xml",
  "/feeds/feed.json",
  "/feeds/ninjs.json",
  "/lang/ru/feed.json",
  `/tags/${encodeURIComponent(tag)}/feed.atom`,
  "/publishers/demo/feed.rss",
  `/feeds/atom.xml?q=${encodeURIComponent("брусника")}`,
];
const release = (externalId: string, extra: Record<string, unknown> = {}) => ({
  ...sampleRelease(externalId),
  title: `Брусника: выпуск ${externalId}`,
  tags: [tag],
  ...extra,
});

describe("feeds' validators follow every visible change (real stack)", () => {
  let stack: TestStack;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.feedsUrl}${path}`, { headers: { "accept-encoding": "identity", ...headers } });
  const validators = new Map<string, { etag: string; lastModified: string }>();
  const remember = async (path: string) => {
    const response = await get(path);
    expect(response.status, path).toBe(200);
    validators.set(path, { etag: response.headers.get("etag")!, lastModified: response.headers.get("last-modified")! });
    return response.text();
  };
  /** Asked with the validators remembered: not 304, the change in the body, a later Last-Modified. */
  const expectChanged = async (path: string, seen: (body: string) => boolean) => {
    const before = validators.get(path)!;
    const conditionals: Record<string, string>[] = [
      { "if-modified-since": before.lastModified },
      { "if-none-match": before.etag },
    ];
    for (const conditional of conditionals) {
      const response = await get(path, conditional);
      expect(response.status, `${path} with ${Object.keys(conditional)[0]}`).toBe(200);
      expect(seen(await response.text()), path).toBe(true);
      expect(Date.parse(response.headers.get("last-modified")!), path).toBeGreaterThan(Date.parse(before.lastModified));
    }
  };

  beforeAll(async () => {
    stack = await startTestStack("freshness", { FEEDS_CACHE_TTL_MS: "600000" });
    expect((await stack.post(release("fresh-1"))).status).toBe(202);
    await eventually(async () => expect(await (await get("/feeds/atom.xml")).text()).toContain("fresh-1"), {
      timeoutMs: 15_000,
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("answers 200, not 304, once an embargoed release is out, and dates its update no earlier than its publication", async () => {
    const embargoUntil = new Date(Date.now() + 4000);
    const posted = await stack.post(release("fresh-embargoed", { embargoUntil: embargoUntil.toISOString() }));
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    // Every feed as an aggregator last saw it: without the embargoed release.
    for (const path of feedPaths) expect(await remember(path), path).not.toContain(id);
    for (const path of feedPaths)
      expect((await get(path, { "if-modified-since": validators.get(path)!.lastModified })).status, path).toBe(304);
    await sleep(Math.max(0, embargoUntil.getTime() - Date.now()));
    await eventually(async () => expect(await (await get("/feeds/feed.json")).text()).toContain(id), {
      timeoutMs: 15_000,
    });
    for (const path of feedPaths) await expectChanged(path, (body) => body.includes(id));
    const item = ((await (await get("/feeds/feed.json")).json()) as { items: Record<string, string>[] }).items.find(
      (entry) => entry["id"]?.endsWith(id),
    )!;
    expect(Date.parse(item["date_modified"]!)).toBeGreaterThanOrEqual(Date.parse(item["date_published"]!));
    const atom = await (await get("/feeds/atom.xml")).text();
    expect(checkFeed(atom, "lifted.atom").status).toBe(0);
  }, 60_000);

  it("answers 200, not 304, after a withdrawal, says so in the feeds, and 410 Gone with when and why on the release's page and API", async () => {
    for (const path of feedPaths) await remember(path);
    await sleep(1100); // Last-Modified counts whole seconds.
    const withdrawn = await fetch(`${stack.ingestUrl}/v1/releases/fresh-1`, {
      method: "DELETE",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify({ reason: "Опубликовано по ошибке" }),
    });
    expect(withdrawn.status).toBe(202);
    const { id } = (await withdrawn.json()) as { id: string };
    await eventually(async () => expect(await (await get("/feeds/atom.xml")).text()).toContain("deleted-entry"), {
      timeoutMs: 15_000,
    });
    for (const path of feedPaths) await expectChanged(path, () => true);
    const json = (await (await get("/feeds/feed.json")).json()) as { items: Record<string, unknown>[] };
    expect(json.items.at(-1)).toMatchObject({
      id: `urn:gazette:release:${id}`,
      content_text: "Опубликовано по ошибке",
      _gazette: { withdrawn: { reason: "Опубликовано по ошибке" } },
    });
    const jsonFeed = await (await get("/feeds/feed.json")).text();
    expect(checkFeed(jsonFeed, "withdrawn.json").status).toBe(0);

    // Its page and its API answer 410 Gone with when and why (not a bare 404).
    const api = await get(`/v1/releases/${id}`);
    expect(api.status).toBe(410);
    expect(api.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await api.json()).toMatchObject({
      code: "GONE",
      status: 410,
      withdrawalReason: "Опубликовано по ошибке",
      withdrawnAt: expect.any(String),
    });
    const page = await get(`/releases/${id}?hl=ru`, { accept: "text/html" });
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain("Выпуск отозван ведомством");
    expect(html).toMatch(/Дата отзыва: <time datetime="[^"]+">\d{1,2} [а-я]+ \d{4} г\.<\/time><br>Причина/);
    expect(html).toContain('<blockquote lang="ru">Опубликовано по ошибке</blockquote>');
    const english = await (await get(`/releases/${id}?hl=en`, { accept: "text/html" })).text();
    expect(english).toContain("Withdrawn by its publisher");
    // A release that never was is still 404.
    expect((await get("/v1/releases/demo-00000000000000000000000000000000")).status).toBe(404);
  }, 60_000);
});
