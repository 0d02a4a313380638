import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, type RunningService } from "@gazette/shared";
import { freePort } from "../../../tools/opensearch-local/opensearch-local.ts";
import { startNatsServer, type ProvidedServer } from "../../../tools/dev-stack/infrastructure.ts";
import { loadIngestConfig } from "../src/config.ts";
import { startIngest } from "../src/service.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";
import { relayedEventCount } from "../../../test/support/relayed-events.ts";
import { eventually } from "../../../test/support/eventually.ts";

describe("ingest while its private NATS server stops and comes back", () => {
  const storeDir = mkdtempSync(join(tmpdir(), "gazette-nats-outage-"));
  let port = 0;
  let nats: ProvidedServer | undefined;
  let ingest: RunningService;
  let base = "";
  const post = (externalId: string) =>
    fetch(`${base}/v1/releases`, {
      method: "POST",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify(sampleRelease(externalId)),
    });

  beforeAll(async () => {
    port = await freePort();
    nats = await startNatsServer(port, storeDir, false);
    ingest = await startIngest(
      loadIngestConfig({
        NATS_URL: nats.url,
        INGEST_PORT: "0",
        INGEST_PUBLISH_TIMEOUT_MS: "1000",
        LOG_LEVEL: "silent",
      }),
      createLogger("test", "silent"),
    );
    base = `http://127.0.0.1:${ingest.port}`;
  });

  afterAll(async () => {
    await ingest?.stop().catch(() => undefined);
    await nats?.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it("answers 503 with Retry-After and is not ready while NATS is down, then recovers by itself with nothing lost", async () => {
    expect((await post("before")).status).toBe(202);

    await nats!.stop();
    nats = undefined;
    const during = await post("during");
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBe("5");
    // Sent while the server was gone, the write may yet reach it (a client flushes what it buffered when
    // it reconnects): the answer says so, and that sending it again is safe.
    expect(await during.json()).toMatchObject({
      code: "EVENT_STORE_UNAVAILABLE",
      detail: expect.stringMatching(/may have been stored.*200 unchanged/),
    });
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    nats = await startNatsServer(port, storeDir, false);
    const retried = await eventually(
      async () => {
        const response = await post("during");
        expect(response.status, "accepted again once NATS is back").not.toBe(503);
        return response;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(retried.status).toBe(202);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const client = await connect({ servers: nats.url });
    const events = await relayedEventCount(client, {
      INGEST_RELEASES_BUCKET: "releases",
      NATS_STREAM: "RELEASES",
    }).finally(() => client.close());
    expect(events).toBe(2);
  });
});
