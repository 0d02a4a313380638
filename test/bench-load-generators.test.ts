import { createServer, type Server } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { rawGet, startNginx } from "../bench/benchmarks/r3-peer.ts";
import { wrkRequestsPerSecond, wrkScript } from "../bench/wrk.ts";

/** A loopback server that records what it was asked: 304 for If-None-Match "x", else 200 with a 4 KB body. */
describe("the bench's second load generator (wrk)", () => {
  let server: Server;
  let url: string;
  const seen: { method: string; path: string; body: string; ifNoneMatch?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const ifNoneMatch = req.headers["if-none-match"];
        if (seen.length < 10_000)
          seen.push({
            method: req.method!,
            path: req.url!,
            body: Buffer.concat(chunks).toString("utf8"),
            ...(ifNoneMatch === undefined ? {} : { ifNoneMatch }),
          });
        if (ifNoneMatch === '"x"') res.writeHead(304, { etag: '"x"' }).end();
        else res.writeHead(200, { "content-type": "text/plain" }).end("a".repeat(4096));
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it("sends the method, headers and body it is given, and measures the rate and bytes per response", async () => {
    seen.length = 0;
    const measured = await wrkRequestsPerSecond({
      url: `${url}/post`,
      method: "POST",
      headers: { "content-type": "application/json", "x-probe": "тест" },
      body: '{"title":"Министрлік \\"жаңа\\""}',
      connections: 2,
      seconds: 1,
      expectStatus: 200,
      generator: "wrk",
    });
    expect(measured.rate).toBeGreaterThan(0);
    expect(measured.bytesPerResponse).toBeGreaterThan(4096);
    expect(seen[0]).toEqual({ method: "POST", path: "/post", body: '{"title":"Министрлік \\"жаңа\\""}' });
  });

  it("asks a different dated path each time when told to", async () => {
    seen.length = 0;
    await wrkRequestsPerSecond({
      url: `${url}/search`,
      datedPaths: { template: "/search?q=%D0%B0&from={date}", count: 1000 },
      connections: 1,
      seconds: 1,
      expectStatus: 200,
    });
    // Consecutive days (wrk builds one request at start-up that it never sends: the first may be day 2).
    const days = seen.slice(0, 3).map((request) => {
      const match = /^\/search\?q=%D0%B0&from=(\d{4}-\d{2}-\d{2})$/.exec(request.path);
      expect(match, request.path).not.toBeNull();
      return Date.parse(match![1]!) / 86_400_000;
    });
    expect(days[0]).toBeLessThan(3);
    expect(days).toEqual([days[0], days[0]! + 1, days[0]! + 2]);
  });

  it("sends a different dated body each time when told to (R4's reference asks OpenSearch what feeds asks)", async () => {
    seen.length = 0;
    await wrkRequestsPerSecond({
      url: `${url}/post`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"gte":"1970-01-01"}',
      datedBodies: { template: '{"gte":"{date}"}', count: 1000 },
      connections: 1,
      seconds: 1,
      expectStatus: 200,
    });
    const days = seen.slice(0, 3).map((request) => {
      expect(request.path).toBe("/post");
      const match = /^\{"gte":"(\d{4}-\d{2}-\d{2})"\}$/.exec(request.body);
      expect(match, request.body).not.toBeNull();
      return Date.parse(match![1]!) / 86_400_000;
    });
    expect(days[0]).toBeLessThan(3);
    expect(days).toEqual([days[0], days[0]! + 1, days[0]! + 2]);
  });

  it("measures 304s, and refuses a run where the answers carried bodies instead", async () => {
    const conditional = { headers: { "if-none-match": '"x"' }, connections: 2, seconds: 1, expectStatus: 304 };
    const measured = await wrkRequestsPerSecond({ url: `${url}/feed`, ...conditional });
    expect(measured.bytesPerResponse).toBeLessThan(1024);
    await expect(
      wrkRequestsPerSecond({ url: `${url}/feed`, ...conditional, headers: { "if-none-match": '"stale"' } }),
    ).rejects.toThrow(/expected 304/);
  });

  it("writes a Lua script wrk reads (strings quoted, the summary printed as JSON)", () => {
    const script = wrkScript({ url, connections: 1, seconds: 1, expectStatus: 200, headers: { a: 'say "hi"' } });
    expect(script).toContain('wrk.method = "GET"');
    expect(script).toContain('wrk.headers["a"] = "say \\"hi\\""');
    expect(script).toContain("function done(summary, latency, requests)");
  });
});

describe("the bench's peer (nginx, one worker, as a ministry's own site would serve a feed)", () => {
  it("serves the given bytes and their gzip file, with ETags and 304s, as R3peer measures it", async () => {
    const identity = Buffer.from(
      `<rss version="2.0"><channel><title>Министрлік</title>${"x".repeat(5000)}</channel></rss>`,
    );
    const gzip = gzipSync(identity);
    const nginx = await startNginx(identity, gzip);
    try {
      const plain = await rawGet(`${nginx.url}/feeds/rss.xml`, { "accept-encoding": "identity" });
      expect(plain.status).toBe(200);
      expect(plain.body.equals(identity)).toBe(true);
      const compressed = await rawGet(`${nginx.url}/feeds/rss.xml`, { "accept-encoding": "gzip" });
      expect(compressed.headers["content-encoding"]).toBe("gzip");
      expect(compressed.headers.vary).toBe("Accept-Encoding");
      expect(compressed.body.equals(gzip)).toBe(true);
      const etag = String(plain.headers.etag);
      expect(etag).toMatch(/^"/);
      const conditional = { "accept-encoding": "identity", "if-none-match": etag };
      expect((await rawGet(`${nginx.url}/feeds/rss.xml`, conditional)).status).toBe(304);
    } finally {
      await nginx.stop();
    }
  });
});
