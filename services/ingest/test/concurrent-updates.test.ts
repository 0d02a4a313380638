import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { releaseIdFor } from "@gazette/shared";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";
import { jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";

describe("ingest on real NATS: concurrent updates of one release", () => {
  let ingest: TestIngest;
  let url = "";

  beforeAll(async () => {
    ingest = await startTestIngest("concurrent", inject("natsUrl"));
    url = `${ingest.base}/v1/releases`;
  });

  afterAll(() => ingest?.stop());

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

    const kv = await new Kvm(jetstream(ingest.nats)).open(ingest.names.INGEST_RELEASES_BUCKET);
    const current = (await kv.get(releaseIdFor("demo", "concurrent")))!.json<{ release: { version: number } }>();
    expect(current.release.version).toBe(8);
    expect(await ingest.eventCount()).toBe(8);
  });
});
