import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { isPublicAddress, refusalOf } from "@gazette/shared";
import { loadFeedsConfig } from "@gazette/feeds";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { eventually } from "./support/eventually.ts";
import { Kvm } from "@nats-io/kv";

describe("which addresses a stranger may make Gazette call (pure)", () => {
  it.each([
    ["127.0.0.1", false],
    ["10.0.0.1", false],
    ["172.16.5.4", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false],
    ["100.64.0.1", false],
    ["224.0.0.1", false],
    ["0.0.0.0", false],
    ["::1", false],
    ["::ffff:127.0.0.1", false],
    ["fc00::1", false],
    ["fe80::1", false],
    ["2002:7f00:1::", false],
    ["8.8.8.8", true],
    ["2001:4860:4860::8888", true],
  ])("%s → public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it("reads every notation of an address as the WHATWG URL parser does, and refuses other schemes and credentials", () => {
    const policy = { allowPrivate: false };
    for (const url of [
      "http://2130706433/",
      "http://0177.0.0.1/",
      "http://0x7f.1/",
      "http://[::ffff:7f00:1]/",
      "http://localhost:8080/",
      "http://127.1/",
    ]) {
      expect(refusalOf(new URL(url), policy), url).toMatch(/not a public address/);
    }
    expect(refusalOf(new URL("ftp://example.org/"), policy)).toMatch(/ftp/);
    expect(refusalOf(new URL("http://user:pw@example.org/"), policy)).toMatch(/credentials/);
    expect(refusalOf(new URL("https://example.org/hook"), policy)).toBeUndefined();
    expect(refusalOf(new URL("http://127.0.0.1:9/"), { allowPrivate: true })).toBeUndefined();
    expect(
      refusalOf(new URL("http://127.0.0.1:9/"), { allowPrivate: false, allowedOrigins: ["http://127.0.0.1:9"] }),
    ).toBeUndefined();
  });

  it("listens on 127.0.0.1 unless HOST says otherwise", () => {
    expect(loadFeedsConfig({}).HOST).toBe("127.0.0.1");
    expect(loadFeedsConfig({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
  });
});

/** A server on loopback that records what reaches it. */
async function recorder(
  handle: (path: string, res: import("node:http").ServerResponse, url: URL) => void,
): Promise<{ server: Server; origin: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handle(req.url ?? "", res, new URL(req.url ?? "/", "http://x"));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests };
}

describe("public surfaces resist abuse (real feeds on NATS and OpenSearch, private addresses refused)", () => {
  let stack: TestStack;
  let inside: Awaited<ReturnType<typeof recorder>>;
  let redirector: Awaited<ReturnType<typeof recorder>>;
  let flood: Awaited<ReturnType<typeof recorder>>;
  let subscriber: Awaited<ReturnType<typeof recorder>>;
  let floodBytes = 0;
  let floodClosed: Promise<void>;

  beforeAll(async () => {
    inside = await recorder((_path, res) => res.end("inside"));
    redirector = await recorder((_path, res) => res.writeHead(302, { location: `${inside.origin}/stolen` }).end());
    let closed: () => void = () => {};
    floodClosed = new Promise((resolve) => (closed = resolve));
    // Answers a verification with 1 GB, as fast as it is read.
    flood = await recorder((_path, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      const chunk = Buffer.alloc(64 * 1024, "x");
      const pump = () => {
        while (floodBytes < 1024 ** 3 && !res.destroyed) {
          floodBytes += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", closed);
      pump();
    });
    subscriber = await recorder((_path, res, url) => res.end(url.searchParams.get("hub.challenge") ?? ""));
    stack = await startTestStack("abuse", {
      OUTBOUND_ALLOW_PRIVATE: "false",
      // Origins an operator allowed (an intranet subscriber): the others on loopback stay refused.
      OUTBOUND_ALLOWED_ORIGINS: [redirector.origin, flood.origin, subscriber.origin].join(","),
      FEEDS_WEBSUB_MAX_PER_HOST: "2",
      FEEDS_WEBSUB_RATE_LIMIT_PER_MINUTE: "15",
      FEEDS_READ_RATE_LIMIT_PER_MINUTE: "5",
    });
  }, 120_000);

  afterAll(async () => {
    await stack.stop();
    for (const server of [inside, redirector, flood, subscriber]) server.server.close();
  });

  const subscribe = (callback: string, topic = `${stack.feedsUrl}/feeds/rss.xml`) =>
    fetch(`${stack.feedsUrl}/websub/hub`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback }),
    });

  it("refuses callbacks on loopback, private, metadata and mapped addresses, requesting nothing from them", async () => {
    const port = new URL(inside.origin).port;
    const callbacks = [
      `http://127.0.0.1:${port}/cb`,
      "http://10.0.0.1/cb",
      "http://169.254.169.254/latest/meta-data/",
      `http://[::1]:${port}/cb`,
      `http://[::ffff:127.0.0.1]:${port}/cb`,
      `http://2130706433:${port}/cb`,
    ];
    for (const callback of callbacks) {
      const response = await subscribe(callback);
      expect(response.status, callback).toBe(400);
      expect(await response.json()).toMatchObject({
        code: "VALIDATION_FAILED",
        errors: [{ field: "hub.callback", message: expect.stringMatching(/not a public address/) }],
      });
    }
    await sleep(500);
    expect(inside.requests).toEqual([]);
  });

  it("does not follow a callback's redirect inward: the redirector is asked, the address it points to is not", async () => {
    expect((await subscribe(`${redirector.origin}/cb`)).status).toBe(202);
    await eventually(() => expect(redirector.requests).not.toHaveLength(0), { timeoutMs: 5000, intervalMs: 100 });
    await sleep(500); // had the hub followed the redirect, the inside server would have been asked by now
    expect(redirector.requests).toHaveLength(1);
    expect(inside.requests).toEqual([]);
  });

  it("cuts a callback that answers 1 GB at the cap", async () => {
    expect((await subscribe(`${flood.origin}/cb`)).status).toBe(202);
    await floodClosed;
    console.info(
      `the flooding callback wrote ${(floodBytes / 1048576).toFixed(1)} MB of its 1024 MB before the hub hung up`,
    );
    expect(floodBytes).toBeLessThan(64 * 1024 * 1024);
  });

  it("limits subscriptions per callback host: 429 with Retry-After beyond", async () => {
    for (const topic of ["rss.xml", "atom.xml"])
      expect((await subscribe(`${subscriber.origin}/cb`, `${stack.feedsUrl}/feeds/${topic}`)).status).toBe(202);
    // The hub stores a subscription once the subscriber confirmed and its feed was read: wait for both.
    const nats = await connect({ servers: inject("natsUrl") });
    try {
      const kv = await new Kvm(jetstream(nats)).open(stack.env["FEEDS_WEBSUB_BUCKET"]!);
      await eventually(
        async () => {
          const keys: string[] = [];
          for await (const key of await kv.keys()) keys.push(key);
          expect(keys.length, "subscriptions stored").toBeGreaterThanOrEqual(2);
        },
        { intervalMs: 100 },
      );
    } finally {
      await nats.close();
    }
    const third = await subscribe(`${subscriber.origin}/cb`, `${stack.feedsUrl}/feeds/feed.json`);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toBe("3600");
    expect(await third.json()).toMatchObject({ code: "RATE_LIMITED", detail: expect.stringMatching(/subscriptions/) });
    // A renewal of an existing subscription always passes.
    expect((await subscribe(`${subscriber.origin}/cb`, `${stack.feedsUrl}/feeds/rss.xml`)).status).toBe(202);
  });

  it("rate-limits the hub per client address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await subscribe("http://10.0.0.1/cb")).status);
    expect(statuses).toContain(429);
    expect(statuses.slice(statuses.indexOf(429)).every((status) => status === 429)).toBe(true);
  });

  it("rate-limits searches per client address, but never a cached feed", async () => {
    expect((await fetch(`${stack.feedsUrl}/feeds/rss.xml?q=cached`)).status).toBe(200); // 1 of 5: a miss, then cached
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${stack.feedsUrl}/v1/search?q=x${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const limited = await fetch(`${stack.feedsUrl}/v1/search?q=more`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(limited.headers.get("content-type")).toMatch(/problem\+json/);
    for (let i = 0; i < 10; i++) expect((await fetch(`${stack.feedsUrl}/feeds/rss.xml`)).status).toBe(200);
    expect((await fetch(`${stack.feedsUrl}/feeds/rss.xml?q=cached`)).status).toBe(200);
    expect((await fetch(`${stack.feedsUrl}/feeds/rss.xml?q=uncached`)).status).toBe(429);
  });

  it("sends security headers: a strict CSP and no framing on pages, nosniff everywhere", async () => {
    const page = await fetch(`${stack.feedsUrl}/`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("script-src");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    for (const path of ["/feeds/atom.xml", "/opensearch.xml", "/healthz"])
      expect((await fetch(`${stack.feedsUrl}${path}`)).headers.get("x-content-type-options"), path).toBe("nosniff");
  });
});
