import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kvStreamName } from "@gazette/shared";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { natsSingleNode, type NatsNode } from "../tools/cluster/nats-cluster.ts";
import { startTestIngest, type TestIngest } from "./support/ingest-harness.ts";
import { sampleRelease } from "./support/sample-release.ts";

/*
 * A full disk (issue 33): JetStream with a small max_file_store fills up under ingest's writes. Ingest
 * then answers 503 problem+json STORE_FULL with Retry-After, stores nothing of the refused release and
 * publishes no event for it, and keeps answering reads.
 */
const natsServer = inject("drillNatsServer");

describe(`when JetStream's storage is full (real NATS ${natsServer.version}, max_file_store 1MB)`, () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-full-"));
  let node: NatsNode;
  let ingest: TestIngest;

  beforeAll(async () => {
    node = natsSingleNode(await freePort(), await freePort(), join(dir, "nats"), natsServer, { maxFileStore: "1MB" });
    await node.start();
    ingest = await startTestIngest("full", node.url);
  }, 60_000);

  afterAll(async () => {
    await ingest?.stop().catch(() => undefined);
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 503 STORE_FULL with Retry-After, writes nothing half, and still answers reads", async () => {
    const body = `<p>${"Текст пресс-релиза министерства. ".repeat(60)}</p>`;
    let refused: Response | undefined;
    let accepted = 0;
    for (let i = 0; i < 2000 && refused === undefined; i++) {
      const response = await ingest.call("POST", "/v1/releases", { ...sampleRelease(`full-${i}`), body });
      if (response.status === 202) accepted++;
      else refused = response;
    }
    expect(accepted).toBeGreaterThan(10);
    expect(refused?.status).toBe(503);
    expect(refused?.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(refused?.headers.get("retry-after")).toBe("60");
    const problem = (await refused!.json()) as { code: string; detail: string };
    expect(problem).toMatchObject({ code: "STORE_FULL", detail: expect.stringMatching(/nothing was stored/) });
    // The refused release is nowhere: not in the record of truth, no event.
    const refusedId = `full-${accepted}`;
    expect((await ingest.call("GET", `/v1/releases/${refusedId}`)).status).toBe(404);
    const jsm = await jetstreamManager(ingest.nats);
    const records = await jsm.streams.info(kvStreamName(ingest.names.INGEST_RELEASES_BUCKET));
    expect(records.state.messages).toBe(accepted);
    // Reads go on: a stored release is still there.
    expect((await ingest.call("GET", "/v1/releases/full-0")).status).toBe(200);
  }, 120_000);
});
