import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseEventMessageId, releaseEventSubject } from "@gazette/shared";
import { listDeadLetters } from "../src/consume/dead-letters.ts";
import { eventually } from "../../../test/support/eventually.ts";
import { startTestIndexer, type TestIndexer } from "../../../test/support/indexer-harness.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { jetstreamManager, jetstream } from "@nats-io/jetstream";

describe("the index deleted behind the alias while releases keep coming (real NATS and OpenSearch)", () => {
  let harness: TestIndexer;

  beforeAll(async () => {
    harness = await startTestIndexer("deleted", "silent");
  });
  afterAll(async () => {
    await harness?.stop();
    await fetch(`${harness.opensearchUrl}/${harness.names.OPENSEARCH_INDEX}`, { method: "DELETE" });
  });

  const publish = async (externalId: string) => {
    const event = releaseEvent({ externalId });
    const subject = releaseEventSubject(harness.eventNames, "release.published", "mci-kz");
    await jetstream(harness.nats).publish(subject, JSON.stringify(event), {
      msgID: releaseEventMessageId(event.releaseId, 1),
    });
    return event.releaseId;
  };
  const found = async (id: string) =>
    (await fetch(`${harness.opensearchUrl}/${harness.names.OPENSEARCH_INDEX}/_doc/${id}`)).status;

  it("makes no stray index of the alias's name, loses no event, and writes on into a new index", async () => {
    const alias = harness.names.OPENSEARCH_INDEX;
    const before = await publish("before-deletion");
    await eventually(async () => expect(await found(before)).toBe(200));
    // A rebuilt, empty cluster: every index of the alias is gone, and the alias with them.
    expect((await fetch(`${harness.opensearchUrl}/${alias}-v*`, { method: "DELETE" })).ok).toBe(true);
    const after = await publish("after-deletion");
    await eventually(async () => expect(await found(after)).toBe(200));
    // What it writes to is the alias over a versioned index, never a concrete index named like the alias.
    const aliases = (await (await fetch(`${harness.opensearchUrl}/_alias/${alias}`)).json()) as Record<string, unknown>;
    expect(Object.keys(aliases)).toEqual([expect.stringMatching(new RegExp(`^${alias}-v\\d+$`))]);
    expect(await listDeadLetters(await jetstreamManager(harness.nats), harness.eventNames)).toEqual([]);
    // What the lost index held comes back by itself: rebuilt from the release stream, no reindex by hand.
    await eventually(async () => expect(await found(before)).toBe(200), { timeoutMs: 30_000 });
    // The indexer is still there: ready, and it has not exited.
    expect((await fetch(`http://127.0.0.1:${harness.indexer.port}/readyz`)).status).toBe(200);
  });

  it("notices an index lost while nothing is written, and rebuilds it by itself", async () => {
    const alias = harness.names.OPENSEARCH_INDEX;
    const ids = [await publish("idle-1"), await publish("idle-2")];
    for (const id of ids) await eventually(async () => expect(await found(id)).toBe(200));
    // Idle: every event acknowledged, nothing held or pending (a late write would notice the loss too).
    const jsm = await jetstreamManager(harness.nats);
    await eventually(async () => {
      const info = await jsm.consumers.info(harness.eventNames.stream, harness.names.INDEXER_DURABLE);
      expect([info.num_pending, info.num_ack_pending]).toEqual([0, 0]);
    });
    expect((await fetch(`${harness.opensearchUrl}/${alias}-v*`, { method: "DELETE" })).ok).toBe(true);
    // No event comes: only the indexer's own look at the alias can notice.
    await eventually(
      async () => {
        for (const id of ids) expect(await found(id)).toBe(200);
      },
      { timeoutMs: 30_000 },
    );
    expect(await listDeadLetters(await jetstreamManager(harness.nats), harness.eventNames)).toEqual([]);
  });
});
