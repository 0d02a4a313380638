import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { kvStreamName } from "@gazette/shared";
import { PublisherRegistry, sha256Hex, submitIfRegistered } from "../src/publishers/publisher-registry.ts";
import { KvUpstreamStateStore } from "../src/upstreams/state.ts";
import { eventually } from "../../../test/support/eventually.ts";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";
import { wordpressRssFromSample } from "../../../test/support/wordpress-feed.ts";
import { jetstreamManager, jetstream } from "@nats-io/jetstream";

const registryJson = (ids: string[]) => ({
  publishers: ids.map((id) => ({ id, name: { ru: id }, keySha256: [sha256Hex(`${id}-key`)] })),
});

describe("submitIfRegistered", () => {
  it("submits for a registered publisher, and refuses (403, nothing submitted) once a reload dropped it", async () => {
    const registry = PublisherRegistry.fromJson(registryJson(["mci-kz", "mfa-kz"]));
    const submit = vi.fn(async () => "submitted");
    await expect(submitIfRegistered(registry, "mci-kz", submit)).resolves.toBe("submitted");
    registry.replaceWith(PublisherRegistry.fromJson(registryJson(["mfa-kz"])));
    await expect(submitIfRegistered(registry, "mci-kz", submit)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/mci-kz is not in the registry/),
    });
    expect(submit).toHaveBeenCalledTimes(1);
  });
});

describe("a registry reload that drops a publisher stops its upstream feeds (real NATS, feed on loopback)", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-registration-"));
  const registryFile = join(dir, "publishers.json");
  let feed = wordpressRssFromSample();
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml; charset=UTF-8" }).end(feed);
  });
  let ingest: TestIngest;
  let feedUrl = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    feedUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/feed/`;
    writeFileSync(registryFile, JSON.stringify(registryJson(["mci-kz", "mfa-kz"])));
    const feedsFile = join(dir, "upstream.json");
    writeFileSync(feedsFile, JSON.stringify({ feeds: [{ publisher: "mci-kz", url: feedUrl, intervalSeconds: 1 }] }));
    ingest = await startTestIngest("registration", inject("natsUrl"), {
      PUBLISHERS_FILE: registryFile,
      INGEST_UPSTREAM_FEEDS_FILE: feedsFile,
      INGEST_UPSTREAM_MIN_INTERVAL_SECONDS: "1",
      // The WordPress feed says sy:updatePeriod hourly, as WordPress does: held to a second here.
      INGEST_UPSTREAM_MAX_INTERVAL_SECONDS: "1",
    });
  });

  afterAll(async () => {
    await ingest?.stop();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes the feed in while the publisher is registered, and submits nothing of it after the reload", async () => {
    await eventually(async () => expect(await ingest.eventCount()).toBe(1));
    writeFileSync(registryFile, JSON.stringify(registryJson(["mfa-kz"])));
    // The reload is seen within a second or so: the mci-kz key stops working.
    await eventually(async () =>
      expect((await ingest.call("GET", "/v1/upstreams", undefined, "mci-kz-key")).status).toBe(401),
    );
    feed = wordpressRssFromSample({ title: "Не должно попасть в Gazette", extraItem: true });
    const store = await KvUpstreamStateStore.open(jetstream(ingest.nats), ingest.names.INGEST_UPSTREAMS_BUCKET);
    // A poll of the changed feed (two entries: the updated one and a new one) skips both, saying why.
    const state = await eventually(async () => {
      const [polled] = await store.list();
      expect(polled?.lastCounts).toMatchObject({ submitted: 0, skipped: 2 });
      return polled!;
    });
    expect(state.skipped?.map((skipped) => skipped.reason)).toEqual([
      expect.stringMatching(/mci-kz is not in the registry/),
      expect.stringMatching(/mci-kz is not in the registry/),
    ]);
    expect(await ingest.eventCount()).toBe(1);
  });

  afterAll(async () => {
    await (await jetstreamManager(ingest.nats)).streams
      .delete(kvStreamName(ingest.names.INGEST_UPSTREAMS_BUCKET))
      .catch(() => undefined);
  });
});
