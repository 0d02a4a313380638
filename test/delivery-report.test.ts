import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { eventually } from "./support/eventually.ts";
import { Kvm } from "@nats-io/kv";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const today = () => new Date().toISOString().slice(0, 10);
const ua = {
  feedly: "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 16 subscribers; like FeedFetcher-Google)",
  inoreader: "Mozilla/5.0 (compatible; Inoreader/1.0; https://www.inoreader.com; 3 subscribers)",
  newsblur: "NewsBlur Feed Fetcher - 7 subscribers - https://www.newsblur.com/site/123 (Mozilla/5.0)",
  feedparser: "UniversalFeedParser/6.0.11 +https://github.com/kurtmckee/feedparser/",
  other: "curl/8.5.0",
};

/** A WebSub subscriber on loopback: confirms intent; refuses the first delivery (500), takes the rest. */
function subscriber() {
  const state = { deliveries: 0, refused: 0 };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://subscriber");
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "text/plain" }).end(url.searchParams.get("hub.challenge"));
      return;
    }
    req.resume().on("end", () => {
      if (state.refused === 0) {
        state.refused++;
        res.writeHead(500).end();
      } else {
        state.deliveries++;
        res.writeHead(204).end();
      }
    });
  });
  return { server, state };
}

describe("a delivery report for each ministry: counts that match a scripted sequence exactly (real stack)", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-report-"));
  const callback = subscriber();
  let stack: TestStack;
  const release = (externalId: string, title: string) => ({
    externalId,
    language: "ru",
    title,
    body: `<p>${title}. Министерство сообщает подробности.</p>`,
  });
  const post = (body: unknown, key: string) => stack.post(body, key);
  const poll = (path: string, userAgent: string, etag?: string) =>
    fetch(`${stack.feedsUrl}${path}`, {
      headers: { "user-agent": userAgent, ...(etag === undefined ? {} : { "if-none-match": etag }) },
    });
  const report = async (key: string, query = `?from=${today()}&to=${today()}`) =>
    fetch(`${stack.ingestUrl}/v1/report${query}`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    await new Promise<void>((resolve) => callback.server.listen(0, "127.0.0.1", resolve));
    const registry = {
      publishers: [
        { id: "mfa-kz", name: { ru: "МИД" }, keySha256: [sha256("mfa-key")] },
        { id: "mci-kz", name: { ru: "МКИ" }, keySha256: [sha256("mci-key")] },
      ],
    };
    writeFileSync(join(dir, "publishers.json"), JSON.stringify(registry));
    stack = await startTestStack("report", { PUBLISHERS_FILE: join(dir, "publishers.json"), REPORT_FLUSH_MS: "100" });
  });

  afterAll(async () => {
    await stack?.stop();
    callback.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("counts releases, time to indexed, polls by reader, WebSub deliveries and searches, for each publisher", async () => {
    // WebSub: a subscriber of the ministry's feed, told of its next release (refused once, then taken).
    const topic = `${stack.feedsUrl}/publishers/mfa-kz/feed.atom`;
    const callbackUrl = `http://127.0.0.1:${(callback.server.address() as { port: number }).port}/cb`;
    const subscribe = await fetch(`${stack.feedsUrl}/websub/hub`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        "hub.mode": "subscribe",
        "hub.topic": topic,
        "hub.callback": callbackUrl,
      }).toString(),
    });
    expect(subscribe.status).toBe(202);
    const nats = await connect({ servers: inject("natsUrl") });
    const subscriptions = await new Kvm(jetstream(nats)).open(stack.env["FEEDS_WEBSUB_BUCKET"]!);
    await eventually(async () => {
      const keys: string[] = [];
      for await (const key of await subscriptions.keys()) keys.push(key);
      expect(keys).toHaveLength(1);
    });
    await nats.close();

    // Releases: mfa publishes 3, updates 1, withdraws 1 (and sends one again unchanged); mci publishes 1.
    for (const [id, title] of [
      ["mfa-1", "Министр иностранных дел встретился с послом Японии"],
      ["mfa-2", "Казахстан и Япония подписали меморандум о сотрудничестве"],
      ["mfa-3", "Брифинг официального представителя МИД"],
    ])
      expect((await post(release(id!, title!), "mfa-key")).status).toBe(202);
    expect(
      (await post(release("mfa-1", "Министр иностранных дел встретился с послом Японии в Астане"), "mfa-key")).status,
    ).toBe(202);
    expect(
      (await post(release("mfa-2", "Казахстан и Япония подписали меморандум о сотрудничестве"), "mfa-key")).status,
    ).toBe(200);
    const withdrawal = await fetch(`${stack.ingestUrl}/v1/releases/mfa-3`, {
      method: "DELETE",
      headers: { authorization: "Bearer mfa-key", "content-type": "application/json" },
      body: JSON.stringify({ reason: "duplicate" }),
    });
    expect(withdrawal.status).toBe(202);
    expect((await post(release("mci-1", "Открылся фестиваль народных ремёсел"), "mci-key")).status).toBe(202);

    // Everything indexed (the withdrawal too) and delivered: nothing changes the feeds after this. Asked
    // by browsing the ministry's releases (no `q`: not a search the report counts, however long it takes).
    await eventually(async () => {
      const listing = (await (await fetch(`${stack.feedsUrl}/v1/search?publisher=mfa-kz`)).json()) as {
        hits: { title: string }[];
      };
      expect(listing.hits.map((hit) => hit.title).sort()).toEqual([
        "Казахстан и Япония подписали меморандум о сотрудничестве",
        "Министр иностранных дел встретился с послом Японии в Астане",
      ]);
      expect(callback.state.deliveries).toBeGreaterThanOrEqual(1);
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // Polls: the ministry's feed by every reader family (200s, then 304s with the ETag), the main feed once.
    const first = await poll("/publishers/mfa-kz/feed.atom", ua.feedly);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect((await poll("/publishers/mfa-kz/feed.atom", ua.feedly, etag)).status).toBe(304);
    expect((await poll("/publishers/mfa-kz/feed.atom", ua.feedly, etag)).status).toBe(304);
    expect((await poll("/publishers/mfa-kz/feed.atom", ua.inoreader)).status).toBe(200);
    expect((await poll("/publishers/mfa-kz/feed.atom", ua.newsblur, etag)).status).toBe(304);
    expect((await poll("/publishers/mfa-kz/feed.atom", ua.feedparser)).status).toBe(200);
    expect((await poll("/feeds/atom.xml", ua.other)).status).toBe(200);
    expect((await poll("/publishers/mci-kz/feed.rss", ua.feedly)).status).toBe(200);

    // Searches: one query twice (the second from the cache), once on the portal; one for mci; one finding nothing.
    for (const path of [
      "/v1/search?q=Японии",
      "/v1/search?q=%20японии",
      "/?q=Японии",
      "/v1/search?q=фестиваль",
      "/v1/search?q=амарант",
    ])
      expect((await fetch(`${stack.feedsUrl}${path}`)).status).toBe(200);

    await eventually(async () => {
      const mfa = (await (await report("mfa-key")).json()) as Record<string, unknown>;
      expect(mfa).toMatchObject({
        publisher: "mfa-kz",
        releases: { published: 3, updated: 1, withdrawn: 1 },
        searchable: { indexed: 5, p50AtMostMs: expect.any(Number), p95AtMostMs: expect.any(Number) },
        feedPolls: {
          ok: 4,
          notModified: 3,
          byReader: {
            feedly: { ok: 1, notModified: 2 },
            inoreader: { ok: 1, notModified: 0 },
            newsblur: { ok: 0, notModified: 1 },
            feedparser: { ok: 1, notModified: 0 },
            other: { ok: 1, notModified: 0 },
          },
        },
        // What the subscriber saw: one refusal, then every delivery (each index change may bring one).
        websub: { delivered: callback.state.deliveries, retried: 1, failed: 0 },
        searches: { count: 3, topQueries: [{ query: "японии", count: 3 }] },
      });
      const mci = (await (await report("mci-key")).json()) as Record<string, unknown>;
      expect(mci).toMatchObject({
        publisher: "mci-kz",
        releases: { published: 1, updated: 0, withdrawn: 0 },
        searchable: { indexed: 1 },
        feedPolls: { ok: 2, notModified: 0, byReader: { feedly: { ok: 1 }, other: { ok: 1 } } },
        websub: { delivered: 0, retried: 0, failed: 0 },
        searches: { count: 1, topQueries: [{ query: "фестиваль", count: 1 }] },
      });
    });
  });

  it("answers only with the publisher's own key, and refuses a period that makes no sense", async () => {
    expect((await report("wrong-key")).status).toBe(401);
    const backwards = await report("mfa-key", "?from=2026-11-30&to=2026-11-01");
    expect(backwards.status).toBe(400);
    expect(backwards.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await report("mfa-key", "?from=2024-01-01&to=2026-01-01")).status).toBe(400);
    const defaults = await report("mfa-key", "");
    expect(defaults.status).toBe(200);
    expect(defaults.headers.get("cache-control")).toBe("no-store");
    expect(((await defaults.json()) as { to: string }).to).toBe(today());
  });

  it("shows the report on a portal page behind the same key (sent in the form body, never in a URL)", async () => {
    const form = await fetch(`${stack.feedsUrl}/report?hl=ru`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('type="password"');
    const ask = (key: string) =>
      fetch(`${stack.feedsUrl}/report?hl=ru`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ key, from: today(), to: today() }).toString(),
      });
    const page = await ask("mfa-key");
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("Отчёт о доставке");
    expect(html).toMatch(/<th scope="row">Feedly<\/th><td>1<\/td><td>2<\/td>/);
    expect(html).toContain("японии");
    const refused = await ask("wrong-key");
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain("Этот ключ не подходит.");
  });
});
