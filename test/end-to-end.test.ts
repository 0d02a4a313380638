import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFeed } from "./support/feedcheck.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { eventually } from "./support/eventually.ts";

/** Polls `probe` until it returns a value, for at most `timeoutMs`. */
/** `probe`'s value once it has one (undefined: not yet). */
function eventuallyDefined<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  return eventually(
    async () => {
      const value = await probe();
      if (value === undefined) throw new Error(`condition not met within ${timeoutMs} ms`);
      return value;
    },
    { timeoutMs },
  );
}

describe("push → JetStream → indexer → OpenSearch → feeds and search (real servers)", () => {
  let stack: TestStack;
  let ingestUrl = "";
  let feedsUrl = "";
  const release = sampleRelease();
  const post = (body: unknown, key?: string) => stack.post(body, key);

  beforeAll(async () => {
    stack = await startTestStack("e2e", { FEEDS_CACHE_TTL_MS: "600000", PUBLIC_BASE_URL: "http://feeds.test" });
    ingestUrl = stack.ingestUrl;
    feedsUrl = stack.feedsUrl;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("accepts the sample release and answers 202 with id, version and status", async () => {
    const response = await post(release);
    expect(response.status).toBe(202);
    const body = await response.json();
    expect(body).toEqual({ id: expect.stringMatching(/^demo-[0-9a-f]{32}$/), version: 1, status: "published" });
  });

  it("finds it by an inflected Russian form: реинтеграция matches реинтеграции", async () => {
    expect(release.body).not.toContain("реинтеграция");
    const hit = await eventuallyDefined(async () => {
      const response = await fetch(`${feedsUrl}/v1/search?q=${encodeURIComponent("реинтеграция")}`);
      const body = (await response.json()) as {
        total: number;
        hits: { title: string; publisher: string; language: string; url: string }[];
      };
      return body.total > 0 ? body.hits[0] : undefined;
    });
    expect(hit).toMatchObject({ title: release.title, publisher: "demo", language: "ru" });
    expect(hit.url).toMatch(/^http:\/\/feeds\.test\/releases\/demo-/);
  });

  it("completes its title as it is typed (GET /v1/suggest), any word, any case, the last word a prefix", async () => {
    for (const typed of ["В Узбек", "узбекистане обсу", "реабилит"]) {
      const response = await fetch(`${feedsUrl}/v1/suggest?q=${encodeURIComponent(typed)}`);
      expect(response.status).toBe(200);
      const { suggestions } = (await response.json()) as { suggestions: { title: string; url: string }[] };
      expect(
        suggestions.map((suggestion) => suggestion.title),
        typed,
      ).toContain(release.title);
    }
    const none = (await (await fetch(`${feedsUrl}/v1/suggest?q=${encodeURIComponent("xyzzy")}`)).json()) as {
      suggestions: unknown[];
    };
    expect(none.suggestions).toEqual([]);
    expect((await fetch(`${feedsUrl}/v1/suggest?q=`)).status).toBe(400);
    expect((await fetch(`${feedsUrl}/v1/suggest?q=a&size=1000`)).status).toBe(400);
  });

  it("lists it in RSS, Atom and JSON Feed, filtered by publisher and language, and every feed is valid", async () => {
    for (const path of [
      "/feeds/rss.xml",
      "/feeds/atom.xml",
      "/feeds/feed.json",
      "/feeds/rss.xml?publisher=demo&lang=ru",
      "/feeds/atom.xml?publisher=demo&lang=ru",
      "/feeds/feed.json?publisher=demo&lang=ru",
    ]) {
      const text = await eventuallyDefined(async () => {
        const body = await (await fetch(feedsUrl + path)).text();
        return body.includes(release.title) ? body : undefined;
      });
      const check = checkFeed(
        text,
        path.includes("rss") ? "feed.rss" : path.includes("json") ? "feed.json" : "feed.atom",
      );
      expect(check.status, `feedcheck ${path}:\n${check.output}`).toBe(0);
    }
    const otherLanguage = await (await fetch(`${feedsUrl}/feeds/atom.xml?lang=kk`)).text();
    expect(otherLanguage).not.toContain(release.title);
    const otherPublisher = await (await fetch(`${feedsUrl}/feeds/rss.xml?publisher=mci-kz`)).text();
    expect(otherPublisher).not.toContain(release.title);
  });

  it("answers conditional GETs of a feed with 304, and HEAD without a body", async () => {
    for (const path of ["/feeds/rss.xml", "/feeds/atom.xml?lang=ru", "/feeds/feed.json"]) {
      const full = await fetch(feedsUrl + path);
      const etag = full.headers.get("etag");
      const lastModified = full.headers.get("last-modified");
      expect(etag).toMatch(/^"[^"]+"$/);
      expect(lastModified).not.toBeNull();
      expect(full.headers.get("cache-control")).toMatch(/max-age=\d+/);
      expect((await fetch(feedsUrl + path, { headers: { "if-none-match": etag! } })).status).toBe(304);
      expect((await fetch(feedsUrl + path, { headers: { "if-modified-since": lastModified! } })).status).toBe(304);
      expect((await fetch(feedsUrl + path, { headers: { "if-none-match": '"something-else"' } })).status).toBe(200);
      const head = await fetch(feedsUrl + path, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("etag")).toBe(etag);
      expect(await head.text()).toBe("");
    }
  });

  it("answers an unchanged re-send with 200 and the same version, and a change with version 2", async () => {
    const again = await post(release);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version: 1, status: "unchanged" });
    const changed = await post({ ...release, title: `${release.title} (обновлено)` });
    expect(changed.status).toBe(202);
    expect(await changed.json()).toMatchObject({ version: 2, status: "updated" });
    const etagBefore = (await fetch(`${feedsUrl}/feeds/atom.xml`)).headers.get("etag");
    await eventuallyDefined(async () =>
      (await (await fetch(`${feedsUrl}/feeds/atom.xml`)).text()).includes("(обновлено)") ? true : undefined,
    );
    expect((await fetch(`${feedsUrl}/feeds/atom.xml`)).headers.get("etag")).not.toBe(etagBefore);
  });

  it("updates by PUT with the externalId in the path, and refuses a body that contradicts it", async () => {
    const put = (body: unknown) =>
      fetch(`${ingestUrl}/v1/releases/${encodeURIComponent(release.externalId)}`, {
        method: "PUT",
        headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const { externalId: _omitted, ...withoutId } = release;
    const updated = await put({ ...withoutId, title: `${release.title} (PUT)` });
    expect(updated.status).toBe(202);
    expect(await updated.json()).toMatchObject({ version: 3, status: "updated" });
    const contradicting = await put({ ...release, externalId: "another" });
    expect(contradicting.status).toBe(400);
    const current = await fetch(`${ingestUrl}/v1/releases/${encodeURIComponent(release.externalId)}`, {
      headers: { authorization: "Bearer demo-key" },
    });
    expect(await current.json()).toMatchObject({
      status: "published",
      release: { version: 3, title: `${release.title} (PUT)`, publisher: "demo" },
    });
  });

  it("keeps feeds in memory, yet shows a change in every cached feed once the indexer has written it (the cache lives 10 min here)", async () => {
    const feeds = ["rss.xml", "atom.xml", "feed.json", "rss.xml?lang=ru"];
    const before = await Promise.all(
      feeds.map(async (feed) => (await fetch(`${feedsUrl}/feeds/${feed}`)).headers.get("etag")),
    );
    const again = await Promise.all(
      feeds.map(async (feed) => (await fetch(`${feedsUrl}/feeds/${feed}`)).headers.get("etag")),
    );
    expect(again).toEqual(before);
    const retitled = { ...release, title: "Cached feeds learn of Vexillology" };
    expect((await post(retitled)).status).toBe(202);
    await eventuallyDefined(
      async () =>
        ((await (await fetch(`${feedsUrl}/v1/search?q=vexillology`)).json()) as { total: number }).total === 1 ||
        undefined,
    );
    await eventuallyDefined(async () => {
      const texts = await Promise.all(feeds.map(async (feed) => (await fetch(`${feedsUrl}/feeds/${feed}`)).text()));
      return texts.every((text) => text.includes("Vexillology")) || undefined;
    });
    expect((await post(release)).status).toBe(202);
    await eventuallyDefined(
      async () => !(await (await fetch(`${feedsUrl}/feeds/rss.xml`)).text()).includes("Vexillology") || undefined,
    );
  });

  it("withdraws a release: it leaves search and every feed, and a second withdrawal changes nothing", async () => {
    const del = (externalId: string) =>
      fetch(`${ingestUrl}/v1/releases/${encodeURIComponent(externalId)}`, {
        method: "DELETE",
        headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
        body: JSON.stringify({ reason: "published by mistake" }),
      });
    const withdrawn = await del(release.externalId);
    expect(withdrawn.status).toBe(202);
    expect(await withdrawn.json()).toMatchObject({ version: 6, status: "withdrawn" });
    await eventuallyDefined(async () => {
      const search = (await (await fetch(`${feedsUrl}/v1/search?q=${encodeURIComponent("реинтеграция")}`)).json()) as {
        total: number;
      };
      const rss = await (await fetch(`${feedsUrl}/feeds/rss.xml`)).text();
      const atom = await (await fetch(`${feedsUrl}/feeds/atom.xml`)).text();
      return search.total === 0 && !rss.includes(release.title) && !atom.includes(release.title) ? true : undefined;
    });
    const again = await del(release.externalId);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ version: 6, status: "unchanged" });
    const state = await (
      await fetch(`${ingestUrl}/v1/releases/${encodeURIComponent(release.externalId)}`, {
        headers: { authorization: "Bearer demo-key" },
      })
    ).json();
    expect(state).toMatchObject({ status: "withdrawn", withdrawal: { reason: "published by mistake" } });
    const history = (await (
      await fetch(`${ingestUrl}/v1/releases/${encodeURIComponent(release.externalId)}/versions`, {
        headers: { authorization: "Bearer demo-key" },
      })
    ).json()) as { versions: { version: number; event: string; published: boolean }[] };
    expect(history.versions.map(({ version, event, published }) => [version, event, published])).toEqual([
      [1, "release.published", true],
      [2, "release.updated", true],
      [3, "release.updated", true],
      [4, "release.updated", true],
      [5, "release.updated", true],
      [6, "release.retracted", true],
    ]);
    expect(
      (await fetch(`${ingestUrl}/v1/releases/never-sent/versions`, { headers: { authorization: "Bearer demo-key" } }))
        .status,
    ).toBe(404);
    expect((await del("never-sent")).status).toBe(404);
    expect(
      (await fetch(`${ingestUrl}/v1/releases/never-sent`, { headers: { authorization: "Bearer demo-key" } })).status,
    ).toBe(404);
  });

  it("holds an embargoed release back from search, feeds and its page until the embargo ends, then shows it", async () => {
    const embargoUntil = new Date(Date.now() + 6000).toISOString();
    const embargoed = { ...sampleRelease("embargo-1"), title: "Quillwort embargo notice", embargoUntil };
    const response = await post(embargoed);
    expect(response.status).toBe(202);
    const { id, status } = (await response.json()) as { id: string; status: string };
    expect(status).toBe("embargoed");
    const state = (await (
      await fetch(`${ingestUrl}/v1/releases/embargo-1`, { headers: { authorization: "Bearer demo-key" } })
    ).json()) as { status: string; release: { publishedAt: string } };
    expect(state.status).toBe("embargoed");
    expect(state.release.publishedAt).toBe(embargoUntil);
    // Indexed (OpenSearch has it) yet not shown.
    await eventuallyDefined(async () =>
      (await fetch(`${stack.env["OPENSEARCH_URL"]}/${stack.names.OPENSEARCH_INDEX}/_doc/${id}`)).status === 200
        ? true
        : undefined,
    );
    const visible = async () => {
      const search = (await (await fetch(`${feedsUrl}/v1/search?q=quillwort`)).json()) as { total: number };
      const feeds = await Promise.all(
        ["rss.xml", "atom.xml", "feed.json"].map(async (feed) => (await fetch(`${feedsUrl}/feeds/${feed}`)).text()),
      );
      const page = (await fetch(`${feedsUrl}/releases/${id}`)).status;
      return { search: search.total, feeds: feeds.map((text) => text.includes("Quillwort")), page };
    };
    await sleep(1600); // past the feeds cache's settling: what is read now is cached (for 10 min here)
    expect(Date.now()).toBeLessThan(Date.parse(embargoUntil));
    expect(await visible()).toEqual({ search: 0, feeds: [false, false, false], page: 404 });
    await eventuallyDefined(async () => (Date.now() > Date.parse(embargoUntil) ? true : undefined));
    // No index write happens when an embargo ends: feeds drop their caches at that instant by themselves.
    // The search, the feeds and the page are read one after another: wait until all show it (a read
    // just before the instant and one just after would otherwise disagree).
    const shown = await eventuallyDefined(async () => {
      const seen = await visible();
      return seen.feeds.every(Boolean) && seen.search === 1 && seen.page === 200 ? seen : undefined;
    });
    expect(shown).toEqual({ search: 1, feeds: [true, true, true], page: 200 });
    const after = (await (
      await fetch(`${ingestUrl}/v1/releases/embargo-1`, { headers: { authorization: "Bearer demo-key" } })
    ).json()) as { status: string };
    expect(after.status).toBe("published");
  });

  it("refuses a missing or wrong key with 401 problem+json and WWW-Authenticate", async () => {
    const response = await post(release, "not-a-key");
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(await response.json()).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("answers bad input with a 4xx problem naming the fault, and stays healthy", async () => {
    const broken = await fetch(`${ingestUrl}/v1/releases`, {
      method: "POST",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: "{not json",
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: "MALFORMED_JSON" });
    const invalid = await post({ ...release, language: "not a language!", sourceUrl: "javascript:alert(1)" });
    expect(invalid.status).toBe(400);
    const problem = (await invalid.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field).sort()).toEqual(["language", "sourceUrl"]);
    const notJson = await fetch(`${ingestUrl}/v1/releases`, {
      method: "POST",
      headers: { authorization: "Bearer demo-key", "content-type": "text/plain" },
      body: "hello",
    });
    expect(notJson.status).toBe(415);
    const tooLarge = await post({ ...release, body: "x".repeat(1024 * 1024 + 1) });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const badSize = await fetch(`${feedsUrl}/v1/search?q=x&size=-1`);
    expect(badSize.status).toBe(400);
    expect((await fetch(`${ingestUrl}/readyz`)).status).toBe(200);
  });
});
