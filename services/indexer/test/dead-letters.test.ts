import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseEventSubject, type RunningService } from "@gazette/shared";
import { listDeadLetters, type DeadLetter } from "../src/consume/dead-letters.ts";
import { startTestIndexer, type TestIndexer } from "../../../test/support/indexer-harness.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { eventually } from "../../../test/support/eventually.ts";

const cli = join(import.meta.dirname, "..", "..", "..", "tools", "gazette.ts");

describe("indexer dead letters and metrics on real NATS and OpenSearch", () => {
  let harness: TestIndexer;
  let names: TestIndexer["names"];
  let eventNames: TestIndexer["eventNames"];
  let opensearchUrl = "";
  let nats: NatsConnection;
  let indexer: RunningService;

  beforeAll(async () => {
    harness = await startTestIndexer("dead");
    ({ names, eventNames, opensearchUrl, nats, indexer } = harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  async function deadLettersWhen(predicate: (letters: DeadLetter[]) => boolean): Promise<DeadLetter[]> {
    return eventually(
      async () => {
        const letters = await listDeadLetters(await jetstreamManager(nats), eventNames);
        expect(predicate(letters), "dead letters in the expected state").toBe(true);
        return letters;
      },
      { intervalMs: 100 },
    );
  }

  it("keeps an unparseable event with its reason while the rest keep flowing, and re-drives it on request", async () => {
    const js = jetstream(nats);
    const subject = releaseEventSubject(eventNames, "release.published", "mci-kz");
    await js.publish(subject, "{this is not an event");
    const good = releaseEvent({ externalId: "flows-on" });
    const release = good.release;
    await js.publish(subject, JSON.stringify(good));

    const [letter] = await deadLettersWhen((letters) => letters.length === 1);
    // Bounded (ADR 0022): 30 days, 100,000 letters at most, the oldest dropped first.
    const dead = (await jetstreamManager(nats)).streams.info(`${eventNames.stream}_DEAD`);
    expect((await dead).config).toMatchObject({
      max_msgs: 100_000,
      max_age: 30 * 86_400_000 * 1_000_000,
      discard: "old",
    });
    expect(letter).toMatchObject({
      originalSubject: subject,
      originalSequence: 1,
      reason: expect.stringContaining("not UTF-8 JSON"),
    });
    await eventually(
      async () => {
        const response = await fetch(`${opensearchUrl}/${names.OPENSEARCH_INDEX}/_doc/${release.id}`);
        expect(response.ok, "the good event behind the bad one is indexed").toBe(true);
      },
      { intervalMs: 100 },
    );

    const metrics = await (await fetch(`http://127.0.0.1:${indexer.port}/metrics`)).text();
    expect(metrics).toMatch(/^gazette_indexer_documents_indexed_total 1$/m);
    expect(metrics).toMatch(/^gazette_indexer_dead_letters_total 1$/m);
    expect(metrics).toMatch(/^gazette_indexer_consumer_pending 0$/m);
    expect(metrics).toMatch(/^gazette_indexer_bulk_duration_seconds_count [1-9]\d*$/m);

    const cliEnv = {
      ...process.env,
      NATS_URL: harness.natsUrl,
      NATS_STREAM: names.NATS_STREAM,
      NATS_SUBJECT_PREFIX: names.NATS_SUBJECT_PREFIX,
    };
    const listed = spawnSync(process.execPath, [cli, "dead-letters", "list"], { env: cliEnv, encoding: "utf8" });
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout.trim())).toMatchObject({
      originalSequence: 1,
      reason: expect.stringContaining("not UTF-8 JSON"),
    });

    const redriven = spawnSync(process.execPath, [cli, "dead-letters", "redrive"], { env: cliEnv, encoding: "utf8" });
    expect(redriven.status, redriven.stderr).toBe(0);
    expect(redriven.stderr).toContain("re-driven: 1");
    // Still unparseable, so back it comes: now as the stream's third message.
    const [again] = await deadLettersWhen((letters) => letters.length === 1 && letters[0]!.originalSequence === 3);
    expect(again?.reason).toContain("not UTF-8 JSON");
  });
});
