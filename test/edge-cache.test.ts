import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { microCacheHttp, microCacheLocation, startEdge, type Edge } from "../tools/cluster/edge.ts";
import { ensureSecrets } from "../tools/secrets/secrets.ts";

/**
 * The edge's micro-cache (issue 32, item 4) with real nginx in front of a counting upstream that answers
 * as feeds does: ETag, Vary, gzip on request, 304 to a matching If-None-Match, no-store on the report.
 */
describe("the TLS edge micro-caches public reads for a second (real nginx)", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-edge-cache-"));
  const seen: { path: string; ifNoneMatch?: string; authorization?: string; encoding?: string }[] = [];
  let version = 1;
  let upstream: Server;
  let edge: Edge;
  let dispatcher: Agent;

  const answer = (req: IncomingMessage) => {
    const url = new URL(req.url ?? "/", "http://upstream");
    const etag = `"v${version}"`;
    if (url.pathname === "/report") return { status: 200, headers: { "cache-control": "no-store" }, body: "report" };
    // As feeds answers a proxied request (ADR 0032): keep it to the end of this second.
    // …or, while a change it was told of is not visible yet, stale at once (the second before this one).
    const second = Math.floor(Date.now() / 1000);
    const expiry =
      url.pathname === "/second.xml"
        ? { "x-accel-expires": `@${second}` }
        : url.pathname === "/pending.xml"
          ? { "x-accel-expires": `@${second - 1}` }
          : {};
    if (req.headers["if-none-match"] === etag && (url.pathname === "/second.xml" || url.pathname === "/pending.xml"))
      return { status: 304, headers: { etag, ...expiry }, body: "" };
    if (req.headers["if-none-match"] === etag) return { status: 304, headers: { etag }, body: "" };
    const language = req.headers["accept-language"]?.startsWith("kk") ? "kk" : "ru";
    const body = `<feed version="${version}" language="${language}">${"x".repeat(2000)}</feed>`;
    const gzip = /gzip/.test(req.headers["accept-encoding"] ?? "");
    return {
      status: 200,
      headers: {
        etag,
        "cache-control": "public, max-age=60",
        vary: "Accept-Encoding, Accept-Language",
        "content-type": "application/atom+xml",
        ...expiry,
        ...(gzip ? { "content-encoding": "gzip" } : {}),
      },
      body: gzip ? gzipSync(body) : body,
    };
  };

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seen.push({
        path: req.url ?? "",
        ...(req.headers["if-none-match"] === undefined ? {} : { ifNoneMatch: String(req.headers["if-none-match"]) }),
        ...(req.headers.authorization === undefined ? {} : { authorization: req.headers.authorization }),
        ...(req.headers["accept-encoding"] === undefined ? {} : { encoding: String(req.headers["accept-encoding"]) }),
      });
      const { status, headers, body } = answer(req);
      res.writeHead(status, headers).end(body);
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    const secrets = await ensureSecrets(join(dir, "secrets"));
    edge = await startEdge({ dir: join(dir, "edge"), secrets, feeds: [url], ingest: [url] });
    dispatcher = new Agent({ connect: { ca: readFileSync(secrets.caFile) } });
    seen.length = 0;
  }, 120_000);

  afterAll(async () => {
    await edge?.stop();
    await dispatcher?.close();
    upstream?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (base: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { dispatcher, headers: { "accept-encoding": "identity", ...headers } });
  const upstreamHits = (path: string) => seen.filter((request) => request.path === path);

  it("answers a repeated read from its copy within the second, then revalidates with the ETag (a 304 upstream)", async () => {
    const first = await get(edge.feedsUrl, "/feeds/atom.xml");
    expect(first.status).toBe(200);
    expect(first.headers.get("x-cache-status")).toBe("MISS");
    expect(first.headers.get("cache-control")).toBe("public, max-age=60");
    expect(first.headers.get("strict-transport-security")).toMatch(/max-age=63072000/);
    await first.text();
    for (let i = 0; i < 5; i++) {
      const again = await get(edge.feedsUrl, "/feeds/atom.xml");
      expect(again.headers.get("x-cache-status")).toBe("HIT");
      await again.text();
    }
    expect(upstreamHits("/feeds/atom.xml")).toHaveLength(1);
    // nginx counts whole seconds: a copy valid for 1 s is refreshed within two.
    await sleep(2100);
    const later = await get(edge.feedsUrl, "/feeds/atom.xml");
    expect(later.status).toBe(200);
    expect(["REVALIDATED", "STALE", "UPDATING"]).toContain(later.headers.get("x-cache-status"));
    await later.text();
    await sleep(200);
    expect(upstreamHits("/feeds/atom.xml").at(-1)?.ifNoneMatch).toBe('"v1"');
  });

  it("keeps one copy per variant the upstream names in Vary (language, encoding), gzip passed through", async () => {
    const ru = await (await get(edge.feedsUrl, "/lang/feed.atom", { "accept-language": "ru" })).text();
    const kk = await (await get(edge.feedsUrl, "/lang/feed.atom", { "accept-language": "kk" })).text();
    expect(ru).toContain('language="ru"');
    expect(kk).toContain('language="kk"');
    const zipped = await fetch(`${edge.feedsUrl}/lang/feed.atom`, {
      dispatcher,
      headers: { "accept-language": "ru", "accept-encoding": "gzip" },
    });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(await zipped.text()).toContain('language="ru"');
    expect(upstreamHits("/lang/feed.atom").map((request) => request.encoding)).toEqual([
      "identity",
      "identity",
      "gzip",
    ]);
  });

  it("never keeps what says no-store, nor a request with Authorization, nor anything of ingest's listener", async () => {
    for (let i = 0; i < 3; i++) await (await get(edge.feedsUrl, "/report")).text();
    expect(upstreamHits("/report")).toHaveLength(3);
    for (let i = 0; i < 2; i++)
      await (await get(edge.feedsUrl, "/v1/search?q=a", { authorization: "Bearer k" })).text();
    expect(upstreamHits("/v1/search?q=a").filter((request) => request.authorization === "Bearer k")).toHaveLength(2);
    for (let i = 0; i < 3; i++) await (await get(edge.ingestUrl, "/v1/releases/x")).text();
    expect(upstreamHits("/v1/releases/x")).toHaveLength(3);
  });

  it("serves a change within two seconds of the upstream making it (1 s, in nginx's whole seconds)", async () => {
    await (await get(edge.feedsUrl, "/changing.xml")).text();
    version = 2;
    await sleep(2100);
    // The first answer after that may be the stale copy while the refresh runs in the background.
    let body = "";
    for (let attempt = 0; attempt < 10 && !body.includes('version="2"'); attempt++) {
      body = await (await get(edge.feedsUrl, "/changing.xml")).text();
      if (!body.includes('version="2"')) await sleep(100);
    }
    expect(body).toContain('version="2"');
  });

  it("keeps an answer only to the end of its second when the upstream says so (X-Accel-Expires), not shown to clients", async () => {
    const before = version;
    // Start just after a second begins, so both reads below fall in the same second.
    await sleep(1020 - (Date.now() % 1000));
    const first = await get(edge.feedsUrl, "/second.xml");
    expect(first.headers.has("x-accel-expires")).toBe(false);
    await first.text();
    const again = await get(edge.feedsUrl, "/second.xml");
    expect(again.headers.get("x-cache-status")).toBe("HIT");
    await again.text();
    version = before + 1;
    // Past the end of that second (not two as with proxy_cache_valid 1s): the change is served.
    await sleep(1100);
    let body = "";
    for (let attempt = 0; attempt < 3 && !body.includes(`version="${before + 1}"`); attempt++) {
      body = await (await get(edge.feedsUrl, "/second.xml")).text();
      if (!body.includes(`version="${before + 1}"`)) await sleep(50);
    }
    expect(body).toContain(`version="${before + 1}"`);
  });

  it("asks the upstream again at every read while it says a change is coming (X-Accel-Expires in the past)", async () => {
    for (let i = 0; i < 4; i++) {
      await (await get(edge.feedsUrl, "/pending.xml")).text();
      // One revalidation at a time per URL: the next read waits for this one's answer to be stored.
      await sleep(50);
    }
    const hits = upstreamHits("/pending.xml");
    expect(hits.length).toBeGreaterThanOrEqual(4);
    expect(hits.slice(1).every((request) => request.ifNoneMatch !== undefined)).toBe(true);
  });

  it("is the same micro-cache as compose's edge (deploy/edge/gazette.conf.template)", () => {
    const template = readFileSync(join(import.meta.dirname, "..", "deploy", "edge", "gazette.conf.template"), "utf8");
    const lines = (text: string) =>
      text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "");
    const templateLines = new Set(lines(template));
    expect(lines(microCacheLocation).filter((line) => !templateLines.has(line))).toEqual([]);
    expect(template).toContain("keys_zone=gazette_micro:10m max_size=256m inactive=60s");
    for (const line of lines(microCacheHttp("/x")).filter((line) => line.startsWith("open_file_cache")))
      expect(templateLines.has(line), line).toBe(true);
    expect(template).toContain(
      "map $upstream_http_cache_control $gazette_no_store { ~*(no-store|private) 1; default 0; }",
    );
    expect(lines(microCacheHttp("/x")).at(-1)).toBe(
      "map $upstream_http_cache_control $gazette_no_store { ~*(no-store|private) 1; default 0; }",
    );
  });
});
