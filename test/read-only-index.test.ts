import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDeadLetters } from "@gazette/indexer";
import { releaseIdFor } from "@gazette/shared";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

/*
 * A full disk on OpenSearch's side (issue 33): at the flood-stage watermark OpenSearch makes every index
 * read-only (`index.blocks.read_only_allow_delete`), and lifts it once space returns. Ingest goes on
 * taking releases (the record of truth is NATS); the indexer holds their events, sends none to the dead
 * letters, and indexes them all once the index is writable again.
 */
describe("the index read-only (a full disk's flood stage) and writable again (real stack)", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack("readonly");
  });

  afterAll(async () => {
    await fetch(`${stack.env["OPENSEARCH_URL"]}/${stack.names.OPENSEARCH_INDEX}/_settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ "index.blocks.read_only_allow_delete": null, "index.blocks.write": null }),
    });
    await stack?.stop();
  });

  const indexed = async (externalId: string) =>
    (
      await fetch(
        `${stack.env["OPENSEARCH_URL"]}/${stack.names.OPENSEARCH_INDEX}/_doc/${releaseIdFor("demo", externalId)}`,
      )
    ).status === 200;
  const blockWith = (setting: string) => (value: boolean | null) =>
    fetch(`${stack.env["OPENSEARCH_URL"]}/${stack.names.OPENSEARCH_INDEX}/_settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ [setting]: value }),
    });

  // The flood stage's block (OpenSearch answers 429 for it), and an operator's write block (403).
  it.each([
    ["read-only-allow-delete", "index.blocks.read_only_allow_delete"],
    ["write-block", "index.blocks.write"],
  ])(
    "%s: keeps taking releases, holds their events without dead letters, and indexes them all once writable",
    async (label, setting) => {
      const block = blockWith(setting);
      expect((await stack.post(sampleRelease(`${label}-0`))).status).toBe(202);
      await eventually(async () => expect(await indexed(`${label}-0`)).toBe(true));
      expect((await block(true)).ok).toBe(true);
      for (let i = 1; i <= 20; i++) expect((await stack.post(sampleRelease(`${label}-${i}`))).status).toBe(202);
      // Held past the 5 deliveries after which a refused document goes to the dead letters (1, 2, 4, 5, 5 s
      // apart): none is indexed, none dead-lettered.
      await new Promise((resolve) => setTimeout(resolve, 20_000));
      for (let i = 1; i <= 20; i++) expect(await indexed(`${label}-${i}`)).toBe(false);
      const nats = await connect({ servers: stack.env["NATS_URL"]! });
      try {
        const names = { stream: stack.names.NATS_STREAM, subjectPrefix: stack.names.NATS_SUBJECT_PREFIX };
        expect(await listDeadLetters(await jetstreamManager(nats), names)).toEqual([]);
        expect((await block(null)).ok).toBe(true);
        await eventually(
          async () => {
            for (let i = 1; i <= 20; i++) expect([i, await indexed(`${label}-${i}`)]).toEqual([i, true]);
          },
          { timeoutMs: 30_000 },
        );
        expect(await listDeadLetters(await jetstreamManager(nats), names)).toEqual([]);
      } finally {
        await nats.close();
      }
    },
    90_000,
  );
});
