import { describe, expect, it } from "vitest";
import { completeThrough } from "@gazette/shared";
import { WriteWatermark } from "../src/watermark/write-watermark.ts";

describe("an indexer's watermark (fake clock)", () => {
  it("is now while nothing is being written, and just below the oldest write not yet known searchable", () => {
    let now = 1_000_000;
    const watermark = new WriteWatermark(() => now);
    expect(watermark.value()).toBe(now);
    expect(watermark.awaitingRefresh()).toBe(false);
    const first = watermark.begin();
    now += 100;
    const second = watermark.begin();
    now += 100;
    expect(watermark.value()).toBe(first.stamp - 1);
    // The later write is answered first: the earlier one still holds the watermark.
    watermark.end(second.handle);
    expect(watermark.awaitingRefresh()).toBe(true);
    const beforeFirstAnswer = watermark.answeredSoFar();
    watermark.end(first.handle);
    // However long it has been, an answered write counts only once a refresh begun after its answer ends.
    now += 60_000;
    expect(watermark.value()).toBe(first.stamp - 1);
    // A refresh that began before the first write's answer shows the second only.
    watermark.refreshed(beforeFirstAnswer);
    expect(watermark.value()).toBe(first.stamp - 1);
    watermark.refreshed(watermark.answeredSoFar());
    expect(watermark.value()).toBe(now);
    expect(watermark.awaitingRefresh()).toBe(false);
  });

  it("holds a write that is not answered yet through any refresh", () => {
    let now = 5_000;
    const watermark = new WriteWatermark(() => now);
    const slow = watermark.begin();
    now += 10;
    const quick = watermark.begin();
    watermark.end(quick.handle);
    watermark.refreshed(watermark.answeredSoFar());
    now += 10;
    expect(watermark.value()).toBe(slow.stamp - 1);
    watermark.end(slow.handle);
    expect(watermark.value()).toBe(slow.stamp - 1);
    watermark.refreshed(watermark.answeredSoFar());
    expect(watermark.value()).toBe(now);
  });
});

describe("how far the index is complete, from every indexer's watermark", () => {
  it("is the lowest watermark of the indexers that published lately, ignoring those that stopped", () => {
    expect(completeThrough([])).toBeUndefined();
    const live = [
      { watermark: 5_000, storedAt: 100_000 },
      { watermark: 4_000, storedAt: 99_500 },
    ];
    expect(completeThrough(live)).toBe(4_000);
    // An indexer that has not published for longer than the lifetime holds nothing back.
    expect(completeThrough([...live, { watermark: 10, storedAt: 80_000 }])).toBe(4_000);
  });
});
