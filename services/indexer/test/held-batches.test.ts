import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { errors } from "@opensearch-project/opensearch";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createLogger,
  ensureDurableConsumer,
  ensureReleaseStream,
  releaseEventMessageId,
  releaseEventSubject,
} from "@gazette/shared";
import type { VersionedDocument, WriteOutcome } from "../src/index/bulk-writer.ts";
import { EventProcessor, indexerConsumer } from "../src/consume/event-processor.ts";
import { createIndexerMetrics } from "../src/indexer-metrics.ts";
import { natsSingleNode, type NatsNode } from "../../../tools/cluster/nats-cluster.ts";
import { freePort } from "../../../tools/opensearch-local/opensearch-local.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { eventually } from "../../../test/support/eventually.ts";

/**
 * The processor's policy while OpenSearch is away, on a real JetStream consumer. The writer stands in
 * for OpenSearch as the processor sees it: it throws what the client throws when the connection is
 * refused (the real outage is services/indexer/test/opensearch-outage.test.ts).
 *
 * On a NATS server of its own, of the version the drills run (test/global-setup.ts): Debian 12's
 * 2.9.10 hands the first message naked after a subscription ended to that subscription's pull request,
 * gone with it, so that one message comes back only after the ack wait; 2.15.1 does not.
 */
const natsServer = inject("drillNatsServer");

describe(`batches held while OpenSearch is away (nats-server ${natsServer.version})`, () => {
  const names = uniqueNames("held");
  const eventNames = { stream: names.NATS_STREAM, subjectPrefix: names.NATS_SUBJECT_PREFIX };
  const second = uniqueNames("handed-back");
  const secondNames = { stream: second.NATS_STREAM, subjectPrefix: second.NATS_SUBJECT_PREFIX };
  const logger = createLogger("test", "silent");
  let nats: NatsConnection;
  let server: NatsNode;
  const storeDir = mkdtempSync(join(tmpdir(), "gazette-held-batches-"));

  /** A writer that refuses connections while `away` is true, and records every document and delivery it was given. */
  function fakeOpenSearch() {
    const state = {
      away: true,
      /** How many writes each document was in. */
      attempts: new Map<string, number>(),
      /** Every document a write was tried with. */
      tried: new Set<string>(),
      probes: 0,
      written: [] as string[],
      write: async (documents: readonly VersionedDocument[]): Promise<WriteOutcome[]> => {
        for (const { document } of documents) {
          state.tried.add(document.id);
          state.attempts.set(document.id, (state.attempts.get(document.id) ?? 0) + 1);
        }
        if (state.away) throw new errors.ConnectionError("connect ECONNREFUSED 127.0.0.1:9200");
        state.written.push(...documents.map((entry) => entry.document.id));
        return documents.map(() => ({ kind: "written" }));
      },
      answers: async () => {
        state.probes++;
        return !state.away;
      },
    };
    return state;
  }

  function processorFor(opensearch: ReturnType<typeof fakeOpenSearch>, durable: string, events = eventNames) {
    const metrics = createIndexerMetrics(async () => 0);
    const processor = new EventProcessor(
      jetstream(nats),
      opensearch.write,
      {
        names: events,
        durable,
        batchSize: 50,
        // Every batch handed out is tried (and held) at once, however the events were split.
        concurrency: 20,
        flushMs: 20,
        openSearchAnswers: opensearch.answers,
        probeEveryMs: 100,
      },
      logger,
      metrics,
    );
    return { processor, metrics };
  }

  async function publish(label: string, count: number, events = eventNames): Promise<string[]> {
    const js = jetstream(nats);
    const subject = releaseEventSubject(events, "release.published", "mci-kz");
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const event = releaseEvent({ externalId: `${label}-${i}` });
      await js.publish(subject, JSON.stringify(event), { msgID: releaseEventMessageId(event.releaseId, 1) });
      ids.push(event.releaseId);
    }
    return ids;
  }

  const redelivered = async (metrics: ReturnType<typeof createIndexerMetrics>) =>
    (await metrics.redelivered.get()).values[0]?.value ?? 0;

  beforeAll(async () => {
    server = natsSingleNode(await freePort(), await freePort(), storeDir, natsServer);
    await server.start();
    nats = await connect({ servers: server.url });
    await ensureReleaseStream(await jetstreamManager(nats), eventNames);
    await ensureReleaseStream(await jetstreamManager(nats), secondNames);
  });

  afterAll(async () => {
    await nats?.close();
    await server?.stop();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it("holds the batch without retrying the write until a probe answers, then writes it without a redelivery", async () => {
    const durable = `${names.INDEXER_DURABLE}-a`;
    await ensureDurableConsumer(await jetstreamManager(nats), indexerConsumer(eventNames, durable));
    const opensearch = fakeOpenSearch();
    const { processor, metrics } = processorFor(opensearch, durable);
    processor.start();
    try {
      const ids = await publish("held", 10);
      const everyOneTried = (times: number) => new Map(ids.map((id) => [id, times]));
      await eventually(() => expect(opensearch.tried).toEqual(new Set(ids)));
      const probesThen = opensearch.probes;
      await eventually(() => expect(opensearch.probes).toBeGreaterThanOrEqual(probesThen + 5));
      // Probed again and again, but each batch was tried once: nothing hammers an absent OpenSearch.
      expect(opensearch.attempts).toEqual(everyOneTried(1));
      // Longer than the 6 s ack wait: the held messages are reported in progress, not redelivered.
      await sleep(7000);
      expect(opensearch.attempts).toEqual(everyOneTried(1));
      opensearch.away = false;
      await eventually(() => expect(new Set(opensearch.written)).toEqual(new Set(ids)));
      expect(opensearch.attempts).toEqual(everyOneTried(2));
      expect(await redelivered(metrics)).toBe(0);
      await eventually(async () =>
        expect((await (await jetstreamManager(nats)).consumers.info(names.NATS_STREAM, durable)).num_ack_pending).toBe(
          0,
        ),
      );
    } finally {
      await processor.stop();
    }
  }, 60_000);

  it("a stopping processor gives back what it holds at once, for another process to write", async () => {
    const durable = second.INDEXER_DURABLE;
    // An ack wait far longer than the test: whatever the second process gets, the first gave back.
    await ensureDurableConsumer(await jetstreamManager(nats), {
      ...indexerConsumer(secondNames, durable),
      ackWaitMs: 600_000,
    });
    const ids = await publish("handed-back", 10, secondNames);
    const away = fakeOpenSearch();
    const first = processorFor(away, durable, secondNames);
    first.processor.start();
    await eventually(() => expect(away.tried).toEqual(new Set(ids)));
    await first.processor.stop();
    expect(away.written).toEqual([]);

    const back = fakeOpenSearch();
    back.away = false;
    const next = processorFor(back, durable, secondNames);
    next.processor.start();
    try {
      await eventually(() => expect(new Set(back.written)).toEqual(new Set(ids)), { timeoutMs: 60_000 });
      expect(await redelivered(next.metrics)).toBe(ids.length);
    } finally {
      await next.processor.stop();
    }
  }, 120_000);
});
