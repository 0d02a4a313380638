import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, type RunningService } from "@gazette/shared";
import { loadIndexerConfig, startIndexer } from "@gazette/indexer";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

type Changes = { changes: { id: string; changedAt: string }[]; nextCursor: string | null };

describe("a mirror following /v1/changes while two indexers write concurrently (real stack)", () => {
  let stack: TestStack;
  let secondIndexer: RunningService;

  beforeAll(async () => {
    stack = await startTestStack("mirror", { INDEXER_BATCH_SIZE: "7", INDEXER_CONCURRENCY: "3" });
    // A second indexer process on the same durable consumer: the two share the work.
    secondIndexer = await startIndexer(
      loadIndexerConfig({ ...stack.env, INDEXER_PORT: "0", INDEXER_BATCH_SIZE: "5" }),
      createLogger("test", "warn"),
    );
  });

  afterAll(async () => {
    await secondIndexer?.stop();
    await stack?.stop();
  });

  it("sees every release exactly once, in order, a moment after it is written", async () => {
    const seen: { id: string; changedAt: string; seenAt: number }[] = [];
    let cursor: string | null = null;
    let following = true;
    const follow = (async () => {
      while (following) {
        const query: string = cursor === null ? "" : `&since=${cursor}`;
        const page = (await (await fetch(`${stack.feedsUrl}/v1/changes?size=20${query}`)).json()) as Changes;
        const seenAt = Date.now();
        seen.push(...page.changes.map((change) => ({ ...change, seenAt })));
        cursor = page.nextCursor ?? cursor;
        if (page.changes.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const count = 120;
    const ids: string[] = [];
    for (let wave = 0; wave < 6; wave++) {
      const posts = Array.from({ length: count / 6 }, (_, i) => stack.post(sampleRelease(`mirror-${wave}-${i}`)));
      for (const response of await Promise.all(posts)) {
        expect(response.status).toBe(202);
        ids.push(((await response.json()) as { id: string }).id);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await eventually(() => expect(seen.length).toBeGreaterThanOrEqual(count), { timeoutMs: 30_000 });
    // One more when all is quiet: how soon a single change reaches a mirror.
    const single = await stack.post(sampleRelease("mirror-alone"));
    ids.push(((await single.json()) as { id: string }).id);
    await eventually(() => expect(seen.length).toBe(count + 1), { timeoutMs: 30_000, intervalMs: 50 });
    following = false;
    await follow;
    expect(seen.map((change) => change.id).sort()).toEqual([...ids].sort());
    const order = seen.map((change) => `${change.changedAt} ${change.id}`);
    expect(order).toEqual([...order].sort());
    const lags = seen.map((change) => change.seenAt - Date.parse(change.changedAt)).sort((a, b) => a - b);
    const alone = seen.at(-1)!;
    console.info(
      `mirror lag behind changedAt: median ${lags[Math.floor(lags.length / 2)]} ms, max ${lags.at(-1)} ms (${lags.length} changes); a single change when quiet: ${alone.seenAt - Date.parse(alone.changedAt)} ms`,
    );
  });
});
