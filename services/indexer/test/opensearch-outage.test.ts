import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createLogger,
  ensureReleaseStream,
  releaseEventMessageId,
  releaseEventSubject,
  type RunningService,
} from "@gazette/shared";
import { startLocalOpenSearch, type LocalOpenSearch } from "../../../tools/opensearch-local/opensearch-local.ts";
import { loadIndexerConfig } from "../src/config.ts";
import { deleteIndexerStreams } from "./indexer-harness.ts";
import { startIndexer } from "../src/service.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { eventually } from "../../../test/support/eventually.ts";

const releaseCount = 200;

describe("indexer while its private OpenSearch stops and comes back", () => {
  const names = uniqueNames("os-outage");
  const home = mkdtempSync(join(tmpdir(), "gazette-os-outage-"));
  const eventNames = { stream: names.NATS_STREAM, subjectPrefix: names.NATS_SUBJECT_PREFIX };
  let opensearch: LocalOpenSearch | undefined;
  let nats: NatsConnection;
  let indexer: RunningService;

  beforeAll(async () => {
    opensearch = await startLocalOpenSearch({ home });
    nats = await connect({ servers: inject("natsUrl") });
    await ensureReleaseStream(await jetstreamManager(nats), eventNames);
    indexer = await startIndexer(
      loadIndexerConfig({
        ...names,
        NATS_URL: inject("natsUrl"),
        OPENSEARCH_URL: opensearch.url,
        INDEXER_PORT: "0",
        INDEXER_FLUSH_MS: "20",
        LOG_LEVEL: "silent",
      }),
      createLogger("test", "silent"),
    );
  }, 240_000);

  afterAll(async () => {
    await indexer?.stop();
    await deleteIndexerStreams(nats, eventNames);
    await nats.close();
    await opensearch?.stop();
    rmSync(home, { recursive: true, force: true });
  }, 120_000);

  it(`indexes all ${releaseCount} releases published during the outage, none twice, and says not ready meanwhile`, {
    timeout: 240_000,
  }, async () => {
    const port = opensearch!.port;
    await opensearch!.stop();
    opensearch = undefined;

    const js = jetstream(nats);
    const subject = releaseEventSubject(eventNames, "release.published", "mci-kz");
    for (let i = 0; i < releaseCount; i++) {
      const event = releaseEvent({ externalId: `outage-${i}` });
      await js.publish(subject, JSON.stringify(event), { msgID: releaseEventMessageId(event.releaseId, 1) });
    }
    expect((await fetch(`http://127.0.0.1:${indexer.port}/readyz`)).status).toBe(503);
    await sleep(2000);

    opensearch = await startLocalOpenSearch({ home, port });
    const index = `${opensearch.url}/${names.OPENSEARCH_INDEX}`;
    await eventually(
      async () => {
        await fetch(`${index}/_refresh`, { method: "POST" }).catch(() => undefined);
        const response = await fetch(`${index}/_count`);
        expect(((await response.json()) as { count?: number }).count ?? 0).toBe(releaseCount);
      },
      { timeoutMs: 150_000, intervalMs: 500 },
    );
    expect((await fetch(`http://127.0.0.1:${indexer.port}/readyz`)).status).toBe(200);
    // Counted when the batch's writer returns, which is after the story pass rewrote other releases.
    let metrics = "";
    await eventually(async () => {
      metrics = await (await fetch(`http://127.0.0.1:${indexer.port}/metrics`)).text();
      expect(metrics).toMatch(new RegExp(`^gazette_indexer_documents_indexed_total ${releaseCount}$`, "m"));
    });
    expect(metrics).toMatch(/^gazette_indexer_failures_total\{kind="bulk"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^gazette_indexer_dead_letters_total 0$/m);
    // Held while OpenSearch was away and written once it answered: not naked and delivered again.
    expect(metrics).toMatch(/^gazette_indexer_redelivered_events_total 0$/m);
  });
});
