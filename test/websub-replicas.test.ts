import type { ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { spawnService, stopChild, waitReadyOrExit } from "../tools/dev-stack/services.ts";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { Kvm } from "@nats-io/kv";

/** A subscriber on loopback that confirms intent and records every delivery, by topic. */
function subscriber() {
  const deliveries: { topic: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://subscriber");
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "text/plain" }).end(url.searchParams.get("hub.challenge"));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const self = /<([^>]+)>; rel="self"/.exec(String(req.headers["link"]))?.[1] ?? "?";
      deliveries.push({ topic: self, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  return { server, deliveries };
}

describe("WebSub with two feeds processes behind one public URL (real processes, real subscriber)", () => {
  let stack: TestStack;
  let replica: ChildProcess | undefined;
  const { server, deliveries } = subscriber();
  const titles = ["Replicated once: alder", "Replicated once: birch", "Replicated once: cedar"];

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    stack = await startTestStack("replicas");
    // The second feeds process: the same bucket, stream, index and public URL; a port of its own.
    const port = await freePort();
    replica = spawnService("feeds", { ...process.env, ...stack.env, FEEDS_PORT: String(port) }, "ignore");
    await waitReadyOrExit(`http://127.0.0.1:${port}`, replica, "the second feeds process");
  });

  afterAll(async () => {
    if (replica !== undefined) await stopChild(replica);
    await stack?.stop();
    server.close();
  });

  it("delivers each change to each subscriber exactly once, whichever process sees it first", async () => {
    const callback = `http://127.0.0.1:${(server.address() as { port: number }).port}/cb`;
    const topics = [`${stack.feedsUrl}/feeds/atom.xml`, `${stack.feedsUrl}/publishers/demo/feed.rss`];
    for (const topic of topics) {
      const response = await fetch(`${stack.feedsUrl}/websub/hub`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback }),
      });
      expect(response.status).toBe(202);
    }
    const nats = await connect({ servers: inject("natsUrl") });
    try {
      const kv = await new Kvm(jetstream(nats)).open(stack.env["FEEDS_WEBSUB_BUCKET"]!);
      await eventually(async () => {
        const keys: string[] = [];
        for await (const key of await kv.keys()) keys.push(key);
        expect(keys, "both subscriptions stored").toHaveLength(2);
      });
    } finally {
      await nats.close();
    }

    for (const [index, title] of titles.entries()) {
      expect((await stack.post({ ...sampleRelease(`replica-${index}`), title })).status).toBe(202);
      for (const topic of topics) {
        await eventually(() => expect(deliveries.some((d) => d.topic === topic && d.body.includes(title))).toBe(true));
      }
      // Both processes heard of the write; a second delivery, if any, would follow within a round.
      await sleep(2500);
    }
    for (const topic of topics) {
      const received = deliveries.filter((delivery) => delivery.topic === topic);
      expect(
        received.map((delivery) => titles.filter((title) => delivery.body.includes(title)).length),
        topic,
      ).toEqual([1, 2, 3]);
    }
  });
});
