import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ReleaseInputSchema, releaseIdFor } from "@gazette/shared";
import { reconcileStep } from "../src/release-reconciler.ts";
import { decideSubmission } from "../src/release-versioning.ts";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";

describe("reconcileStep", () => {
  const { record } = decideSubmission("demo", ReleaseInputSchema.parse(sampleRelease()), undefined, new Date());
  it("leaves published records alone, waits out the grace period, then checks", () => {
    expect(reconcileStep({ ...record, eventPublished: true }, 0, 1000)).toEqual({ kind: "done" });
    expect(reconcileStep(undefined, 5000, 1000)).toEqual({ kind: "done" });
    expect(reconcileStep(record, 300, 1000)).toEqual({ kind: "wait", ms: 700 });
    expect(reconcileStep(record, 1000, 1000)).toEqual({ kind: "check" });
  });
});

describe("the reconciler on real NATS: a release stored but never published (a crash between the two)", () => {
  let ingest: TestIngest;
  const graceMs = 800;

  beforeAll(async () => {
    ingest = await startTestIngest("reconcile", inject("natsUrl"), { INGEST_RECONCILE_AFTER_MS: String(graceMs) });
  });

  afterAll(async () => {
    await ingest?.stop();
  });

  it("publishes the stored release's event after the grace period, once, and marks it published", async () => {
    // What a crash right after step 2 of ADR 0002 leaves behind: the record, marked unpublished, and no event.
    const input = ReleaseInputSchema.parse(sampleRelease("crashed"));
    const { record } = decideSubmission("demo", input, undefined, new Date());
    const kv = await ingest.nats.jetstream().views.kv(ingest.names.INGEST_RELEASES_BUCKET);
    await kv.create(releaseIdFor("demo", "crashed"), JSON.stringify(record));
    expect(await ingest.eventCount()).toBe(0);

    let events = 0;
    for (let attempt = 0; attempt < 50 && events === 0; attempt++) {
      await sleep(200);
      events = await ingest.eventCount();
    }
    expect(events).toBe(1);
    const versions = (await (await ingest.call("GET", "/v1/releases/crashed/versions")).json()) as { versions: { version: number; published: boolean }[] };
    expect(versions.versions).toEqual([expect.objectContaining({ version: 1, published: true })]);
    const message = await (await ingest.nats.jetstreamManager()).streams.getMessage(ingest.names.NATS_STREAM, { seq: 1 });
    expect(message.header.get("Nats-Msg-Id")).toBe(`${record.release.id}@1`);
  });

  it("adds nothing for releases whose request published them", async () => {
    const before = await ingest.eventCount();
    expect((await ingest.call("POST", "/v1/releases", sampleRelease("normal"))).status).toBe(202);
    await sleep(graceMs * 3);
    expect(await ingest.eventCount()).toBe(before + 1);
  });
});
