import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseIdFor } from "@gazette/shared";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

/*
 * An index lost with everything in it while releases keep coming, and the release stream no longer
 * holding the old events (they aged out): the indexer rebuilds it from the record of truth through the
 * replay ingest offers, with nobody running a command; feeds say "rebuilding" (503, Retry-After) on
 * search meanwhile rather than answering an empty archive as if complete (issue 33, ADR 0022).
 */
describe("the index deleted under load comes back whole by itself, from the record of truth (real stack)", () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack("rebuild", { INGEST_RATE_LIMIT_PER_MINUTE: "100000" });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const versionInSearch = async (externalId: string) => {
    const response = await fetch(
      `${stack.env["OPENSEARCH_URL"]}/${stack.names.OPENSEARCH_INDEX}/_doc/${releaseIdFor("demo", externalId)}`,
    );
    if (response.status !== 200) return undefined;
    return ((await response.json()) as { _source: { version: number; status: string } })._source;
  };

  it("rebuilds every release at its version, withdrawn ones withdrawn, while new ones keep coming; search says rebuilding meanwhile", async () => {
    const acknowledged = new Map<string, number>();
    const post = async (externalId: string, title: string) => {
      const response = await stack.post({ ...sampleRelease(externalId), title });
      expect([202, 200]).toContain(response.status);
      acknowledged.set(externalId, ((await response.json()) as { version: number }).version);
    };
    for (let i = 0; i < 300; i++) await post(`before-${i}`, `Сообщение ${i}`);
    for (let i = 0; i < 30; i++) await post(`before-${i}`, `Сообщение ${i} (исправлено)`);
    const withdrawn = await fetch(`${stack.ingestUrl}/v1/releases/before-299`, {
      method: "DELETE",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify({ reason: "опубликовано по ошибке" }),
    });
    expect(withdrawn.status).toBe(202);
    acknowledged.set("before-299", ((await withdrawn.json()) as { version: number }).version);
    await eventually(async () => expect(await versionInSearch("before-299")).toMatchObject({ status: "withdrawn" }), {
      timeoutMs: 30_000,
    });

    // The old events aged out of the stream, and the index is lost with every document in it.
    const nats = await connect({ servers: stack.env["NATS_URL"]! });
    try {
      await (await jetstreamManager(nats)).streams.purge(stack.names.NATS_STREAM);
    } finally {
      await nats.close();
    }
    let writing = true;
    const load = (async () => {
      for (let n = 0; writing; n++) {
        await post(`during-${n}`, `Во время восстановления ${n}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const searches: number[] = [];
    let retryAfter: string | null = null;
    const watching = (async () => {
      while (writing) {
        const response = await fetch(`${stack.feedsUrl}/v1/search?q=${encodeURIComponent("сообщение")}`);
        searches.push(response.status);
        if (response.status === 503) retryAfter = response.headers.get("retry-after");
        await response.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    expect(
      (await fetch(`${stack.env["OPENSEARCH_URL"]}/${stack.names.OPENSEARCH_INDEX}-v*`, { method: "DELETE" })).ok,
    ).toBe(true);

    await eventually(
      async () => {
        for (const [externalId, version] of acknowledged)
          expect([externalId, (await versionInSearch(externalId))?.version]).toEqual([externalId, version]);
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    writing = false;
    await Promise.all([load, watching]);
    await eventually(async () => {
      for (const [externalId, version] of acknowledged)
        expect([externalId, (await versionInSearch(externalId))?.version]).toEqual([externalId, version]);
    });
    expect(await versionInSearch("before-299")).toMatchObject({ status: "withdrawn" });
    // Feeds said so while it rebuilt, with when to come back; and answer again once the indexer says it
    // is done (its next watermark, twice a second: the last documents can be visible a moment before).
    expect(searches).toContain(503);
    expect(retryAfter).toBe("30");
    await eventually(
      async () =>
        expect((await fetch(`${stack.feedsUrl}/v1/search?q=${encodeURIComponent("сообщение")}`)).status).toBe(200),
      { timeoutMs: 30_000 },
    );
  }, 180_000);
});
