import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureReleaseStream, ReleaseInputSchema, releaseIdFor, kvStreamName } from "@gazette/shared";
import {
  eventRelayDurable,
  holdRetryDelayMs,
  recordOfWrite,
  relayRetryDelayMs,
} from "../src/releases/release-event-relay.ts";
import { decideSubmission } from "../src/releases/release-versioning.ts";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";
import { jetstreamManager, jetstream } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("the event relay's pure parts", () => {
  const { record } = decideSubmission("demo", ReleaseInputSchema.parse(sampleRelease()), undefined, new Date());

  it("reads a record from a bucket write, and nothing from deletes, purges or foreign values", () => {
    expect(recordOfWrite(undefined, encode(record))).toEqual(record);
    expect(recordOfWrite("DEL", new Uint8Array())).toBeUndefined();
    expect(recordOfWrite("PURGE", encode(record))).toBeUndefined();
    expect(recordOfWrite(undefined, new TextEncoder().encode("not json"))).toBeUndefined();
    expect(recordOfWrite(undefined, encode({ hello: "world" }))).toBeUndefined();
  });

  it("backs off from half a second, doubling, up to 5 s", () => {
    expect([1, 2, 3, 4, 10].map(relayRetryDelayMs)).toEqual([500, 1000, 2000, 4000, 5000]);
  });

  it("tries a held write's event again after 0.25–0.5 s, then 0.5–1 s, then every second (jittered)", () => {
    for (let i = 0; i < 50; i++) {
      expect(holdRetryDelayMs(1)).toBeGreaterThanOrEqual(250);
      expect(holdRetryDelayMs(1)).toBeLessThanOrEqual(500);
      expect(holdRetryDelayMs(2)).toBeGreaterThanOrEqual(500);
      expect(holdRetryDelayMs(2)).toBeLessThanOrEqual(1000);
      expect(holdRetryDelayMs(10)).toBe(1000);
    }
  });
});

describe("the event relay on real NATS", () => {
  let ingest: TestIngest;

  beforeAll(async () => {
    ingest = await startTestIngest("relay", inject("natsUrl"));
  });

  afterAll(async () => {
    await ingest?.stop();
  });

  const streamMessage = async (seq: number) => {
    const message = await (await jetstreamManager(ingest.nats)).streams.getMessage(ingest.names.NATS_STREAM, { seq });
    if (message === null) throw new Error(`no event at sequence ${seq} of ${ingest.names.NATS_STREAM}`);
    return message;
  };

  it("publishes one event per accepted write, with Nats-Msg-Id <id>@<version>, and none for an unchanged re-send", async () => {
    const before = await ingest.eventCount();
    expect((await ingest.call("POST", "/v1/releases", sampleRelease("normal"))).status).toBe(202);
    expect((await ingest.call("POST", "/v1/releases", sampleRelease("normal"))).status).toBe(200);
    expect(await ingest.eventCount()).toBe(before + 1);
    const message = await streamMessage(before + 1);
    expect(message.header.get("Nats-Msg-Id")).toBe(`${releaseIdFor("demo", "normal")}@1`);
    const versions = (await (await ingest.call("GET", "/v1/releases/normal/versions")).json()) as {
      versions: { version: number; published: boolean }[];
    };
    expect(versions.versions).toEqual([expect.objectContaining({ version: 1, published: true })]);
  });

  it("publishes the event of a record stored by a process that crashed before its event went out", async () => {
    // What a crash right after the write leaves behind: the record in the bucket, no event yet.
    const before = await ingest.eventCount();
    const { record } = decideSubmission(
      "demo",
      ReleaseInputSchema.parse(sampleRelease("crashed")),
      undefined,
      new Date(),
    );
    const kv = await new Kvm(jetstream(ingest.nats)).open(ingest.names.INGEST_RELEASES_BUCKET);
    await kv.create(releaseIdFor("demo", "crashed"), JSON.stringify(record));
    expect(await ingest.eventCount()).toBe(before + 1);
    const event = (await streamMessage(before + 1)).json<{ type: string; releaseId: string; version: number }>();
    expect(event).toMatchObject({ type: "release.published", releaseId: record.release.id, version: 1 });
  });

  it("accepts releases while the event stream is gone, and publishes their events once it is back, in order", async () => {
    const jsm = await jetstreamManager(ingest.nats);
    await jsm.streams.delete(ingest.names.NATS_STREAM);
    expect((await ingest.call("POST", "/v1/releases", sampleRelease("while-away"))).status).toBe(202);
    expect(
      (await ingest.call("POST", "/v1/releases", { ...sampleRelease("while-away"), title: "Corrected title" })).status,
    ).toBe(202);
    await sleep(1500); // the relay has tried and failed several times
    const pending = await jsm.consumers.info(kvStreamName(ingest.names.INGEST_RELEASES_BUCKET), eventRelayDurable);
    expect(pending.num_pending + pending.num_ack_pending).toBeGreaterThan(0);
    // Held in place and tried again there, not naked for a redelivery after a backoff.
    expect(pending.num_redelivered).toBe(0);

    await ensureReleaseStream(jsm, {
      stream: ingest.names.NATS_STREAM,
      subjectPrefix: ingest.names.NATS_SUBJECT_PREFIX,
    });
    expect(await ingest.eventCount()).toBe(2);
    const events = [await streamMessage(1), await streamMessage(2)].map((message) =>
      message.json<{ type: string; version: number }>(),
    );
    expect(events.map((event) => [event.type, event.version])).toEqual([
      ["release.published", 1],
      ["release.updated", 2],
    ]);
  });
});
