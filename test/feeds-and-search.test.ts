import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReleaseInput } from "@gazette/shared";
import { checkFeed } from "./support/feedcheck.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { eventually } from "./support/eventually.ts";

/** 60 releases over three months and three languages, two of them language versions of one release. */
function corpus(): ReleaseInput[] {
  const base = sampleRelease();
  const releases: ReleaseInput[] = Array.from({ length: 60 }, (_, i) => ({
    ...base,
    externalId: `fs-${i}`,
    title: `${i % 3 === 0 ? "Quarterly" : "Weekly"} briefing on heliotrope ${i}`,
    language: ["ru", "en", "kk"][i % 3]!,
    tags: i % 2 === 0 ? ["even", "briefing"] : ["odd", "briefing"],
    publishedAt: new Date(Date.UTC(2024, i % 3, 1 + (i % 27), 9)).toISOString(),
    images:
      i === 0 ? [{ url: "https://example.gov.kz/media/0.jpg", caption: "Photo caption", credit: "Press office" }] : [],
  }));
  releases.push({
    ...base,
    externalId: "fs-en",
    language: "en",
    title: "Marigold programme announced",
    body: "<p>The marigold programme for returned citizens starts.</p>",
    translationKey: "marigold",
    tags: [],
  });
  releases.push({
    ...base,
    externalId: "fs-ru",
    language: "ru",
    title: "Объявлена программа Marigold",
    body: "<p>Программа marigold для возвращённых граждан начинается.</p>",
    translationKey: "marigold",
    tags: [],
  });
  return releases;
}

describe("feeds and search for aggregators and portals (real servers)", () => {
  let stack: TestStack;
  let ingestUrl = "";
  let feedsUrl = "";
  const get = async (path: string, headers: Record<string, string> = {}) => fetch(`${feedsUrl}${path}`, { headers });
  const json = async <T>(path: string) => (await (await get(path)).json()) as T;

  beforeAll(async () => {
    stack = await startTestStack("portal", { PUBLIC_BASE_URL: "http://feeds.test" });
    ingestUrl = stack.ingestUrl;
    feedsUrl = stack.feedsUrl;
    const response = await fetch(`${ingestUrl}/v1/releases:batch`, {
      method: "POST",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify({ releases: corpus() }),
    });
    expect(response.status).toBe(200);
    await eventually(async () => {
      const { total } = await json<{ total: number }>("/v1/search?q=briefing&size=1");
      expect(total, "indexed").toBe(60);
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("searches with filters, sorts by date, pages with a cursor to the end, highlights, and counts facets", async () => {
    type Page = {
      total: number;
      hits: { id: string; title: string; publishedAt: string; highlights: { title?: string; body: string[] } }[];
      facets: Record<string, { value: string; count: number }[]>;
      nextCursor?: string;
    };
    const first = await json<Page>("/v1/search?q=heliotrope&tag=even&lang=en&sort=date&size=4");
    expect(first.total).toBe(10);
    expect(first.hits.map((hit) => hit.publishedAt)).toEqual(
      [...first.hits.map((hit) => hit.publishedAt)].sort().reverse(),
    );
    expect(first.hits[0]!.highlights.title).toMatch(/<mark>heliotrope<\/mark>/i);
    expect(first.facets["language"]).toEqual([{ value: "en", count: 10 }]);
    expect(first.facets["tag"]).toEqual(
      expect.arrayContaining([
        { value: "even", count: 10 },
        { value: "briefing", count: 10 },
      ]),
    );
    expect(first.facets["month"]!.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(10);
    const seen = first.hits.map((hit) => hit.id);
    let cursor = first.nextCursor;
    while (cursor !== undefined) {
      const page = await json<Page>(`/v1/search?q=heliotrope&tag=even&lang=en&sort=date&size=4&cursor=${cursor}`);
      seen.push(...page.hits.map((hit) => hit.id));
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    const window = await json<Page>("/v1/search?q=heliotrope&from=2024-02-01&to=2024-02-29T23:59:59Z");
    expect(window.total).toBe(20);
    expect(window.facets["month"]).toEqual([{ value: "2024-02", count: 20 }]);
  });

  it.each([
    ["size=-1", "/v1/search?q=x&size=-1"],
    ["size=1000", "/v1/search?q=x&size=1000"],
    ["from=yesterday", "/v1/search?q=x&from=yesterday"],
    ["a 10 KB query", `/v1/search?q=${"x".repeat(10_000)}`],
    ["an unknown parameter", "/v1/search?q=x&colour=red"],
    ["a forged cursor", "/v1/search?q=x&cursor=bm90LWEtY3Vyc29y"],
    ["sort=random", "/v1/search?q=x&sort=random"],
    ["a repeated parameter", "/v1/search?q=x&q=y"],
  ])("answers %s with 400 problem+json", async (_name, path) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: "BAD_QUERY_PARAMETER" });
  });

  // A cursor is opaque, but anyone can make one: base64url JSON of the right shape with values that
  // are not what the sort keys hold (a word for a date, a number too large for a long, a date for a score).
  it.each([
    ["a word where the date goes", ["not-a-date", "x"]],
    ["a number beyond a long", [1e300, "x"]],
    ["a date where the score goes", ["2024-05-01T00:00:00Z", 1, "x"]],
    ["too few values", [1]],
    ["too many values", [1, 2, 3, 4]],
  ])(
    "answers a made-up cursor (%s) with 400 problem+json on search, feeds and changes, never 5xx",
    async (_name, values) => {
      const cursor = Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
      for (const path of [
        `/v1/search?q=heliotrope&cursor=${cursor}`,
        `/v1/search?q=heliotrope&sort=date&cursor=${cursor}`,
        `/feeds/atom.xml?before=${cursor}`,
        `/feeds/feed.json?q=heliotrope&before=${cursor}`,
        `/v1/changes?since=${cursor}`,
      ]) {
        const response = await get(path);
        expect([path, response.status, response.headers.get("content-type")]).toEqual([
          path,
          400,
          expect.stringMatching(/^application\/problem\+json/),
        ]);
      }
    },
  );

  it("answers a pasted paragraph (every one of 500 characters a word of its own) without an error", async () => {
    // 28 content words were enough for OpenSearch to refuse the query (more than 1,024 clauses): a 503.
    const pasted = Array.from({ length: 120 }, (_, i) => `слово${i}`)
      .join(" ")
      .slice(0, 500);
    const hyphenated = Array.from({ length: 60 }, (_, i) => `Алма-Ата${i}`)
      .join("-")
      .slice(0, 500);
    // Official abbreviations each expand to their names in four languages' fields (issue 31): a paste of them.
    const abbreviations =
      "МИД РК ООН СНГ ШОС ЕАЭС ОБСЕ ОДКБ МВД ВОЗ США ЕС UN CIS SCO EAEU OSCE CSTO WHO EU ҚР СІМ БҰҰ";
    // Words asked in several forms each (hyphenated names' cases, fleeting vowels, verbs): twenty of them.
    const manyForms = [
      ...Array.from({ length: 10 }, (_, i) => `Чолпон-Ата Алма-Ат${"аеуы"[i % 4]}`),
      ...Array.from({ length: 20 }, () => "Дню посла уровня одобрить"),
    ]
      .join(" ")
      .slice(0, 500);
    for (const q of [pasted, hyphenated, `heliotrope ${pasted}`.slice(0, 500), abbreviations, manyForms]) {
      const response = await get(`/v1/search?q=${encodeURIComponent(q)}`);
      expect([q.slice(0, 40), response.status]).toEqual([q.slice(0, 40), 200]);
      expect((await get(`/feeds/atom.xml?q=${encodeURIComponent(q)}`)).status).toBe(200);
    }
  });

  it("never fails on query syntax", async () => {
    for (const q of ['"unbalanced', "a AND (b", "-", "*", "~~~", "\\"])
      expect((await get(`/v1/search?q=${encodeURIComponent(q)}`)).status, q).toBe(200);
  });

  it("serves a release in full with its translations and related releases", async () => {
    const { hits } = await json<{ hits: { id: string }[] }>("/v1/search?q=marigold&lang=en");
    const release = await json<{
      id: string;
      body: string;
      language: string;
      translations: { language: string; title: string }[];
      related: { id: string }[];
    }>(`/v1/releases/${hits[0]!.id}`);
    expect(release.body).toContain("marigold programme");
    expect(release.translations).toEqual([
      expect.objectContaining({ language: "ru", title: "Объявлена программа Marigold" }),
    ]);
    const briefing = (await json<{ hits: { id: string }[] }>("/v1/search?q=heliotrope&lang=ru&size=1")).hits[0]!.id;
    const related = (await json<{ related: { id: string; title: string }[] }>(`/v1/releases/${briefing}`)).related;
    expect(related.length).toBeGreaterThan(0);
    expect(related.map((other) => other.id)).not.toContain(briefing);
    expect(related[0]!.title).toMatch(/briefing on heliotrope/);
    expect((await get("/v1/releases/nope")).status).toBe(404);
    const page = await (await get(`/releases/${hits[0]!.id}`)).text();
    expect(page).toMatch(/<link rel="alternate" hreflang="ru"/);
  });

  it("tells an edge in front (a proxied request) to keep an answer to the end of the second, and nobody else", async () => {
    const proxied = { "x-forwarded-for": "203.0.113.9" };
    // The first read takes the full path; the second the fast lane (the feed is cached by then).
    for (const path of ["/feeds/atom.xml", "/feeds/atom.xml", "/v1/search?q=briefing"]) {
      const before = Math.floor(Date.now() / 1000);
      const response = await get(path, proxied);
      await response.arrayBuffer();
      const expiry = Number(response.headers.get("x-accel-expires")?.replace(/^@/, ""));
      // The end of this second, or of the one before while a change announced by the indexer is not
      // visible yet (the edge then asks again at once).
      expect(expiry, path).toBeGreaterThanOrEqual(before - 1);
      expect(expiry, path).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
      const direct = await get(path);
      await direct.arrayBuffer();
      expect(direct.headers.has("x-accel-expires"), path).toBe(false);
    }
  });

  it("serves feeds by readable paths, filtered by tag and saved search, each valid and paged back in time", async () => {
    const byTag = await (await get("/tags/odd/feed.atom")).text();
    expect(byTag).toContain('href="http://feeds.test/tags/odd/feed.atom"');
    expect(byTag.match(/<entry/g)).toHaveLength(30);
    expect(checkFeed(byTag, "feed.atom").status).toBe(0);
    const byPublisher = await (await get("/publishers/demo/feed.rss")).text();
    expect(byPublisher.match(/<item>/g)).toHaveLength(50);
    const older = /<atom:link rel="next" href="([^"]+)"/.exec(byPublisher)?.[1];
    expect(older).toBeDefined();
    const olderPage = await (
      await fetch(older!.replace("http://feeds.test", feedsUrl).replaceAll("&amp;", "&"))
    ).text();
    expect(olderPage.match(/<item>/g)).toHaveLength(12);
    expect(olderPage).toContain('rel="current"');
    expect(olderPage).toContain('<enclosure url="https://example.gov.kz/media/0.jpg"');
    expect(olderPage).toContain("<media:credit>Press office</media:credit>");
    expect(checkFeed(olderPage, "feed.rss").status).toBe(0);
    const saved = (await (await get("/lang/en/feed.json?q=marigold")).json()) as {
      items: { title: string }[];
      language: string;
    };
    expect(saved.language).toBe("en");
    expect(saved.items.map((item) => item.title)).toEqual(["Marigold programme announced"]);
    expect((await get("/lang/not a language!/feed.rss")).status).toBe(400);
  });

  it("keeps a tombstone for a withdrawn release in the Atom feed, and drops it from the others", async () => {
    const withdrawn = await fetch(`${ingestUrl}/v1/releases/fs-1`, {
      method: "DELETE",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify({ reason: "Sent twice" }),
    });
    expect(withdrawn.status).toBe(202);
    const { id } = (await withdrawn.json()) as { id: string };
    const atom = await eventually(async () => {
      const feed = await (await get("/tags/odd/feed.atom")).text();
      expect(feed).toContain(`<at:deleted-entry ref="urn:gazette:release:${id}"`);
      return feed;
    });
    expect(atom).toContain("Sent twice");
    expect(checkFeed(atom, "feed.atom").status).toBe(0);
    expect(await (await get("/tags/odd/feed.rss")).text()).not.toContain(id);
  });

  it("lists every change for mirrors in the order it became visible, with a cursor that never misses what comes later", async () => {
    type Changes = {
      changes: { change: string; id: string; version: number; reason?: string; release?: { title: string } }[];
      nextCursor: string | null;
    };
    const follow = async (from: string | null) => {
      const seen: Changes["changes"] = [];
      let cursor = from;
      for (;;) {
        const page = await json<Changes>(`/v1/changes?size=25${cursor === null ? "" : `&since=${cursor}`}`);
        seen.push(...page.changes);
        if (page.changes.length === 0) return { seen, cursor: page.nextCursor ?? cursor };
        cursor = page.nextCursor;
      }
    };
    const all = await eventually(
      async () => {
        const followed = await follow(null);
        expect(followed.seen).toHaveLength(62);
        return followed;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(new Set(all.seen.map((change) => change.id)).size).toBe(62);
    expect(all.seen.find((change) => change.change === "withdrawn")).toMatchObject({
      reason: "Sent twice",
      version: 2,
    });
    expect(all.seen.filter((change) => change.change === "published")).toHaveLength(61);

    const update = await fetch(`${ingestUrl}/v1/releases`, {
      method: "POST",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify({ ...corpus()[2], title: "Weekly briefing on heliotrope 2, corrected" }),
    });
    expect(update.status).toBe(202);
    const later = await eventually(
      async () => {
        const followed = await follow(all.cursor);
        expect(followed.seen).not.toHaveLength(0);
        return followed;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(later.seen).toEqual([
      expect.objectContaining({
        change: "updated",
        version: 2,
        release: expect.objectContaining({ title: "Weekly briefing on heliotrope 2, corrected" }),
      }),
    ]);
    expect((await get("/v1/changes?since=forged")).status).toBe(400);
  });

  it("serves a search portal at / with results in their languages, filter links and feed autodiscovery", async () => {
    const empty = await (await get("/")).text();
    expect(empty).toMatch(/<label for="q">/);
    const page = await (await get("/?q=marigold")).text();
    expect(page).toContain("2 results");
    expect(page).toMatch(
      /<li lang="ru"><h2><a href="http:\/\/feeds.test\/releases\/demo-[0-9a-f]{32}">Объявлена программа <mark>Marigold<\/mark><\/a>/,
    );
    expect(page).toMatch(/<li lang="en">/);
    expect(page).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Atom: marigold" href="http://feeds.test/feeds/atom.xml?q=marigold">',
    );
    expect(page).toContain('href="http://feeds.test/?q=marigold&amp;lang=en"');
    const filtered = await (await get("/?q=marigold&lang=en")).text();
    expect(filtered).toContain("1 result<");
    const hostile = await (await get(`/?q=${encodeURIComponent("<script>alert(1)</script>")}`)).text();
    expect(hostile).not.toContain("<script>alert(1)</script>");
  });

  it("shows a home page, ministries' pages and the interface in the language asked for", async () => {
    const home = await (await get("/")).text();
    expect(home).toContain("Latest press releases");
    expect(home).toMatch(/<a href="http:\/\/feeds.test\/publishers\/demo">[^<]+<\/a> <span class="count">\d+<\/span>/);
    expect(home).toContain('href="http://feeds.test/publishers/demo/feed.atom"');
    const kazakh = await (await get("/?hl=kk")).text();
    expect(kazakh).toMatch(/^<!doctype html>\n<html lang="kk">/);
    expect(kazakh).toContain("Соңғы баспасөз релиздері");
    // The choice is carried on in links, and the search form keeps it.
    expect(kazakh).toContain('href="http://feeds.test/publishers/demo?hl=kk"');
    expect(kazakh).toContain('<input type="hidden" name="hl" value="kk">');
    const russian = await get("/?q=marigold", { "accept-language": "ru-RU,ru;q=0.9" });
    expect(await russian.text()).toContain("2 результата");
    const ministry = await get("/publishers/demo");
    expect(ministry.status).toBe(200);
    const ministryPage = await ministry.text();
    expect(ministryPage).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(ministryPage).toContain("Marigold");
    expect((await get("/publishers/nobody-at-all", { accept: "text/html" })).status).toBe(404);
  });

  it("answers a repeated search from its cache until the index changes, with validators and compression", async () => {
    const first = await get("/v1/search?q=heliotrope&size=5", { "accept-encoding": "gzip" });
    expect(first.headers.get("content-encoding")).toBe("gzip");
    const etag = first.headers.get("etag")!;
    const { total } = (await first.json()) as { total: number };
    const metrics = async () =>
      (await (await get("/metrics")).text()).match(/^gazette_feeds_search_cache_hits_total (\d+)/m)?.[1];
    const hitsBefore = Number(await metrics());
    const again = await get("/v1/search?size=5&q=heliotrope", { "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(Number(await metrics())).toBe(hitsBefore + 1);
    const added = await fetch(`${ingestUrl}/v1/releases`, {
      method: "POST",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify({ ...corpus()[0], externalId: "heliotrope-extra", title: "Heliotrope, one more briefing" }),
    });
    expect(added.status).toBe(202);
    // The index changed: the cached answer goes, and the next search runs and finds one more.
    await eventually(async () => {
      const fresh = (await (await get("/v1/search?q=heliotrope&size=5")).json()) as { total: number };
      expect(fresh.total).toBe(total + 1);
    });
  });

  it("describes its search for browsers (OpenSearch 1.1)", async () => {
    const response = await get("/opensearch.xml");
    expect(response.headers.get("content-type")).toMatch(/^application\/opensearchdescription\+xml/);
    const text = await response.text();
    for (const type of ["text/html", "application/rss+xml", "application/atom+xml", "application/x-suggestions+json"])
      expect(text).toContain(`type="${type}"`);
    const suggestions = (await (await get("/v1/suggest?q=marigo&format=opensearch")).json()) as [string, string[]];
    expect(suggestions[0]).toBe("marigo");
    expect(suggestions[1]).toContain("Marigold programme announced");
  });
});
