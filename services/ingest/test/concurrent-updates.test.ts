import { connect, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger, releaseIdFor, type RunningService } from "@gazette/shared";
import { loadIngestConfig } from "../src/config.ts";
import { startIngest } from "../src/service.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";
import { relayedEventCount } from "../../../test/support/relayed-events.ts";

describe("ingest on real NATS: concurrent updates of one release", () => {
  const names = uniqueNames("concurrent");
  const config = loadIngestConfig({ ...names, NATS_URL: inject("natsUrl"), INGEST_PORT: "0", LOG_LEVEL: "silent" });
  let nats: NatsConnection;
  let ingest: RunningService;
  let url = "";

  beforeAll(async () => {
    ingest = await startIngest(config, createLogger("test", "silent"));
    url = `http://127.0.0.1:${ingest.port}/v1/releases`;
    nats = await connect({ servers: config.NATS_URL });
  });

  afterAll(async () => {
    await ingest.stop();
    const jsm = await nats.jetstreamManager();
    await jsm.streams.delete(names.NATS_STREAM).catch(() => undefined);
    await jsm.streams.delete(`KV_${names.INGEST_RELEASES_BUCKET}`).catch(() => undefined);
    await nats.close();
  });

  it("gives every one of 8 simultaneous different updates its own version, and publishes each", async () => {
    const release = sampleRelease("concurrent");
    const post = (title: string) =>
      fetch(url, {
        method: "POST",
        headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
        body: JSON.stringify({ ...release, title }),
      });
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => post(`${release.title} #${i}`)));
    const results = (await Promise.all(responses.map((response) => response.json()))) as {
      version: number;
      status: string;
    }[];
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(202));
    expect(results.map((result) => result.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const kv = await nats.jetstream().views.kv(names.INGEST_RELEASES_BUCKET);
    const current = (await kv.get(releaseIdFor("demo", "concurrent")))!.json<{ release: { version: number } }>();
    expect(current.release.version).toBe(8);
    expect(await relayedEventCount(nats, names)).toBe(8);
  });
});
