import { createHmac } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger } from "@gazette/shared";
import { hubOfLinkHeader, needsSubscription, signatureIsValid } from "../src/upstreams/websub.ts";
import type { UpstreamFeed } from "../src/upstreams/feeds-file.ts";
import { UpstreamHubEndpoint } from "../src/upstreams/hub-callbacks.ts";
import { ParserPool } from "../src/upstreams/parsing/pool.ts";
import { UpstreamPoller } from "../src/upstreams/poller.ts";
import { upstreamKey } from "../src/upstreams/state.ts";
import { freePort } from "../../../tools/opensearch-local/opensearch-local.ts";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";
import { eventually } from "../../../test/support/eventually.ts";

describe("WebSub on the way in (pure parts)", () => {
  it("finds the hub and self in an HTTP Link header", () => {
    expect(hubOfLinkHeader('<https://hub.example/>; rel="hub", <https://mfa.example.kz/feed/>; rel="self"')).toEqual({
      hub: "https://hub.example/",
      self: "https://mfa.example.kz/feed/",
    });
    expect(hubOfLinkHeader("<https://x/>; rel=alternate")).toBeUndefined();
    expect(hubOfLinkHeader(null)).toBeUndefined();
  });

  it("checks X-Hub-Signature in every algorithm WebSub allows, and refuses a wrong or missing one", () => {
    const body = Buffer.from("<feed/>");
    for (const algorithm of ["sha1", "sha256", "sha384", "sha512"]) {
      expect(
        signatureIsValid("s3cret", body, `${algorithm}=${createHmac(algorithm, "s3cret").update(body).digest("hex")}`),
      ).toBe(true);
    }
    expect(signatureIsValid("s3cret", body, `sha256=${createHmac("sha256", "other").update(body).digest("hex")}`)).toBe(
      false,
    );
    expect(signatureIsValid("s3cret", body, undefined)).toBe(false);
    expect(signatureIsValid("s3cret", body, "md5=abc")).toBe(false);
  });

  it("subscribes again only when something changed, a lease is ending, or a request went unanswered", () => {
    const now = Date.parse("2026-11-28T10:00:00Z");
    const verified = {
      hub: "h",
      topic: "t",
      secret: "s",
      status: "verified" as const,
      requestedAt: "2026-11-20T10:00:00Z",
      expiresAt: "2026-12-05T10:00:00Z",
    };
    expect(needsSubscription(undefined, "h", "t", now)).toBe(true);
    expect(needsSubscription(verified, "h", "t", now)).toBe(false);
    expect(needsSubscription(verified, "h2", "t", now)).toBe(true);
    expect(needsSubscription({ ...verified, expiresAt: "2026-11-28T20:00:00Z" }, "h", "t", now)).toBe(true);
    expect(
      needsSubscription({ ...verified, status: "requested", requestedAt: "2026-11-28T09:30:00Z" }, "h", "t", now),
    ).toBe(false);
    expect(
      needsSubscription({ ...verified, status: "requested", requestedAt: "2026-11-28T08:00:00Z" }, "h", "t", now),
    ).toBe(true);
  });
});

describe("WebSub on the way in: an upstream with a hub pushes its changes at once (real NATS)", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-websub-in-"));
  let ingest: TestIngest;
  let upstream: Server;
  let hub: Server;
  let feedUrl = "";
  let hubUrl = "";
  const subscriptions: Record<string, string>[] = [];
  const verifications: { status: number; body: string }[] = [];

  const atom = (entries: string) => `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="kk"><title>Министрлік</title><id>urn:mfa</id><updated>2026-11-28T10:00:00Z</updated>
<link rel="hub" href="${hubUrl}"/><link rel="self" href="${feedUrl}"/>${entries}</feed>`;
  const entry = (id: string, title: string) =>
    `<entry><id>${id}</id><title>${title}</title><updated>2026-11-28T10:00:00Z</updated><content type="html">&lt;p&gt;${title}&lt;/p&gt;</content></entry>`;

  beforeAll(async () => {
    upstream = createServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/atom+xml" }).end(atom(entry("urn:news:1", "Бірінші хабар"))),
    );
    upstream.listen(0, "127.0.0.1");
    await once(upstream, "listening");
    feedUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}/feed.atom`;
    // A hub that verifies intent at once, as a WordPress WebSub hub does.
    hub = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk.toString()));
      req.on("end", async () => {
        const form = Object.fromEntries(new URLSearchParams(text));
        subscriptions.push(form);
        res.writeHead(202).end();
        const challenge = `challenge-${subscriptions.length}`;
        const verify = await fetch(
          `${form["hub.callback"]}?${new URLSearchParams({ "hub.mode": "subscribe", "hub.topic": form["hub.topic"]!, "hub.challenge": challenge, "hub.lease_seconds": "86400" })}`,
        );
        verifications.push({ status: verify.status, body: await verify.text() });
      });
    });
    hub.listen(0, "127.0.0.1");
    await once(hub, "listening");
    hubUrl = `http://127.0.0.1:${(hub.address() as { port: number }).port}/hub`;
    const file = join(dir, "upstreams.json");
    writeFileSync(file, JSON.stringify({ feeds: [{ publisher: "demo", url: feedUrl, intervalSeconds: 2 }] }));
    const port = await freePort();
    ingest = await startTestIngest("websub-in", inject("natsUrl"), {
      INGEST_UPSTREAM_FEEDS_FILE: file,
      INGEST_PORT: String(port),
      INGEST_PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      OUTBOUND_ALLOW_PRIVATE: "true",
      // First polls are spread over the interval: a short one keeps the test short.
      INGEST_UPSTREAM_MIN_INTERVAL_SECONDS: "1",
    });
  });

  afterAll(async () => {
    await ingest.stop();
    upstream.close();
    hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
    await eventually(async () => expect(await condition(), what).toBe(true), { timeoutMs: 10_000, intervalMs: 100 });
  }

  it("subscribes to the hub the feed advertises, and answers the hub's verification with its challenge", async () => {
    await until(async () => verifications.length > 0, "the hub's verification");
    expect(subscriptions[0]).toMatchObject({
      "hub.mode": "subscribe",
      "hub.topic": feedUrl,
      "hub.callback": expect.stringMatching(/\/websub\/upstreams\/u_[0-9a-f]{40}$/),
      "hub.secret": expect.stringMatching(/^[0-9a-f]{48}$/),
    });
    expect(verifications[0]).toEqual({ status: 200, body: "challenge-1" });
    const report = (await (await ingest.call("GET", "/v1/upstreams")).json()) as {
      upstreams: { websub?: { status: string; hub: string } }[];
    };
    expect(report.upstreams[0]?.websub).toMatchObject({ status: "verified", hub: hubUrl });
    expect(JSON.stringify(report)).not.toContain(subscriptions[0]!["hub.secret"]);
  });

  it("takes a signed notification in at once, through the push path, and ignores one with a wrong signature", async () => {
    const form = subscriptions[0]!;
    const notify = (body: string, secret: string) =>
      fetch(form["hub.callback"]!, {
        method: "POST",
        headers: {
          "content-type": "application/atom+xml",
          "x-hub-signature": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
        },
        body,
      });
    const forged = atom(entry("urn:news:forged", "Жалған хабар"));
    expect((await notify(forged, "not-the-secret")).status).toBe(202);
    const genuine = atom(entry("urn:news:2", "Екінші хабар"));
    expect((await notify(genuine, form["hub.secret"]!)).status).toBe(202);
    await until(
      async () => (await ingest.call("GET", `/v1/releases/${encodeURIComponent("urn:news:2")}`)).status === 200,
      "the pushed release",
    );
    const stored = (await (await ingest.call("GET", `/v1/releases/${encodeURIComponent("urn:news:2")}`)).json()) as {
      release: { title: string; language: string };
    };
    expect(stored.release).toMatchObject({ title: "Екінші хабар", language: "kk" });
    expect((await ingest.call("GET", `/v1/releases/${encodeURIComponent("urn:news:forged")}`)).status).toBe(404);
    // Another callback key, or a verification for another topic, is not ours.
    expect(
      (await fetch(form["hub.callback"]!.replace(/u_[0-9a-f]+$/, "u_0000"), { method: "POST", body: genuine })).status,
    ).toBe(404);
    expect(
      (await fetch(`${form["hub.callback"]}?hub.mode=subscribe&hub.topic=https%3A%2F%2Fother%2F&hub.challenge=x`))
        .status,
    ).toBe(404);
  });
});

describe("a hub's notification is read as a poll of the same upstream is (one parse call for both)", () => {
  it("keeps an intranet upstream's links on internal hosts when its hub pushes, as a poll keeps them", async () => {
    const submitted: { sourceUrl?: string; externalId: string }[] = [];
    const parser = new ParserPool({ threads: 1 });
    const poller = new UpstreamPoller({
      submit: async (_publisher, input) => {
        submitted.push(input as { sourceUrl?: string; externalId: string });
        return { status: "published" } as never;
      },
      logger: createLogger("test", "silent"),
      parser,
      userAgent: "Gazette-test",
    });
    const intranet: UpstreamFeed = {
      publisher: "intranet-gov",
      url: "http://intranet/rss",
      format: "feed",
      intervalSeconds: 300,
      timeZone: "UTC",
      allowPrivateAddresses: true,
    };
    await poller.store.patch(intranet.url, () => ({
      websub: {
        hub: "http://hub.intranet/",
        topic: intranet.url,
        secret: "s3cret",
        status: "verified",
        requestedAt: "2026-12-06T10:00:00Z",
      },
    }));
    const endpoint = new UpstreamHubEndpoint({ feeds: [intranet], poller, logger: createLogger("test", "silent") });
    const body =
      Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Ведомство</title><language>ru</language>
      <item><guid>intranet-7</guid><title>Приказ №7</title><link>http://intranet/press/7</link>
      <description>Текст приказа о внутреннем распорядке.</description></item></channel></rss>`);
    const signature = `sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`;
    expect(await endpoint.receiveNotification(upstreamKey(intranet.url), body, "application/rss+xml", signature)).toBe(
      "accepted",
    );
    await parser.close();
    expect(submitted).toEqual([
      expect.objectContaining({ externalId: "intranet-7", sourceUrl: "http://intranet/press/7" }),
    ]);
  });
});
