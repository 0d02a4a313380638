import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { eventually } from "./support/eventually.ts";
import { Kvm } from "@nats-io/kv";

/** A WebSub subscriber on loopback: confirms intent (unless told not to) and keeps what it is sent. */
function subscriber() {
  const state = {
    confirm: true,
    verifications: [] as Record<string, string>[],
    deliveries: [] as { body: string; signature?: string; link?: string }[],
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://subscriber");
    if (req.method === "GET") {
      state.verifications.push(Object.fromEntries(url.searchParams));
      if (state.confirm)
        res.writeHead(200, { "content-type": "text/plain" }).end(url.searchParams.get("hub.challenge"));
      else res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      state.deliveries.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: req.headers["x-hub-signature"] as string | undefined,
        link: req.headers["link"] as string | undefined,
      });
      res.writeHead(204).end();
    });
  });
  return { server, state };
}

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe("WebSub: Gazette's own hub pushes feeds to a real subscriber", () => {
  let stack: TestStack;
  const { server, state } = subscriber();
  let feedsUrl = "";
  let callback = "";
  const secret = "s3cret-for-hmac";
  const post = (externalId: string, title: string) => stack.post({ ...sampleRelease(externalId), title });
  const hubRequest = (fields: Record<string, string>) =>
    fetch(`${feedsUrl}/websub/hub`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    callback = `http://127.0.0.1:${(server.address() as { port: number }).port}/cb`;
    stack = await startTestStack("websub");
    feedsUrl = stack.feedsUrl;
  });

  afterAll(async () => {
    await stack?.stop();
    server.close();
  });

  /** Subscriptions the hub holds now (its KV bucket). */
  async function subscriptionCount(): Promise<number> {
    const nats = await connect({ servers: inject("natsUrl") });
    try {
      const keys: string[] = [];
      for await (const key of await (await new Kvm(jetstream(nats)).open(stack.env["FEEDS_WEBSUB_BUCKET"]!)).keys())
        keys.push(key);
      return keys.length;
    } finally {
      await nats.close();
    }
  }

  it("advertises the hub and the topic in every feed and its Link header", async () => {
    const response = await fetch(`${feedsUrl}/publishers/demo/feed.atom`);
    expect(response.headers.get("link")).toBe(
      `<${feedsUrl}/websub/hub>; rel="hub", <${feedsUrl}/publishers/demo/feed.atom>; rel="self"`,
    );
    expect(await response.text()).toContain(`<link rel="hub" href="${feedsUrl}/websub/hub"/>`);
    expect(await (await fetch(`${feedsUrl}/feeds/rss.xml`)).text()).toContain(
      `<atom:link rel="hub" href="${feedsUrl}/websub/hub"/>`,
    );
    expect(((await (await fetch(`${feedsUrl}/feeds/feed.json`)).json()) as { hubs: unknown[] }).hubs).toEqual([
      { type: "WebSub", url: `${feedsUrl}/websub/hub` },
    ]);
  });

  it("refuses malformed requests and topics that are not its feeds", async () => {
    const requests: Record<string, string>[] = [
      { "hub.mode": "subscribe", "hub.topic": `${feedsUrl}/feeds/atom.xml` },
      { "hub.mode": "follow", "hub.topic": `${feedsUrl}/feeds/atom.xml`, "hub.callback": callback },
      { "hub.mode": "subscribe", "hub.topic": "https://elsewhere.example/feed", "hub.callback": callback },
      { "hub.mode": "subscribe", "hub.topic": `${feedsUrl}/v1/search?q=x`, "hub.callback": callback },
      { "hub.mode": "subscribe", "hub.topic": `${feedsUrl}/feeds/atom.xml`, "hub.callback": "javascript:alert(1)" },
    ];
    for (const fields of requests) {
      const response = await hubRequest(fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
  });

  it("verifies intent, delivers a new release signed with the secret, and stops after unsubscribing", async () => {
    const topic = `${feedsUrl}/publishers/demo/feed.atom`;
    expect(
      (
        await hubRequest({
          "hub.mode": "subscribe",
          "hub.topic": topic,
          "hub.callback": callback,
          "hub.secret": secret,
          "hub.lease_seconds": "3600",
        })
      ).status,
    ).toBe(202);
    const verification = await until(
      () => state.verifications.find((v) => v["hub.mode"] === "subscribe"),
      "the verification of intent",
    );
    expect(verification).toMatchObject({ "hub.topic": topic, "hub.lease_seconds": "3600" });
    // The subscription is stored once the challenge is echoed (and the feed read): wait for it.
    await eventually(async () => expect(await subscriptionCount()).toBe(1), { intervalMs: 100 });

    expect((await post("websub-1", "Pushed by the hub: amaranth")).status).toBe(202);
    const delivery = await until(
      () => state.deliveries.find((d) => d.body.includes("amaranth")),
      "a delivery with the new release",
    );
    expect(delivery.signature).toBe(`sha256=${createHmac("sha256", secret).update(delivery.body).digest("hex")}`);
    expect(delivery.link).toContain(`<${topic}>; rel="self"`);

    expect((await hubRequest({ "hub.mode": "unsubscribe", "hub.topic": topic, "hub.callback": callback })).status).toBe(
      202,
    );
    await until(() => state.verifications.find((v) => v["hub.mode"] === "unsubscribe"), "the unsubscribe verification");
    await sleep(500);
    const delivered = state.deliveries.length;
    expect((await post("websub-2", "Not pushed any more: begonia")).status).toBe(202);
    await sleep(4000);
    expect(state.deliveries.slice(delivered).filter((d) => d.body.includes("begonia"))).toEqual([]);
  });

  it("does not subscribe a callback that does not confirm", async () => {
    state.confirm = false;
    const before = state.verifications.length;
    expect(
      (
        await hubRequest({
          "hub.mode": "subscribe",
          "hub.topic": `${feedsUrl}/feeds/rss.xml`,
          "hub.callback": `${callback}?who=impostor`,
        })
      ).status,
    ).toBe(202);
    await until(() => (state.verifications.length > before ? true : undefined), "the verification attempt");
    const delivered = state.deliveries.length;
    expect((await post("websub-3", "Nobody asked for this: cornflower")).status).toBe(202);
    await sleep(4000);
    expect(state.deliveries.length).toBe(delivered);
    state.confirm = true;
  });
});
