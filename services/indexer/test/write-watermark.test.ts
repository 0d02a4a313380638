import { describe, expect, it } from "vitest";
import { completeThrough } from "@gazette/shared";
import { WriteWatermark } from "../src/watermark/write-watermark.ts";

describe("an indexer's watermark (fake clock)", () => {
  it("is now while nothing is being written, and just below the oldest write not yet searchable", () => {
    let now = 1_000_000;
    const watermark = new WriteWatermark(1300, () => now);
    expect(watermark.value()).toBe(now);
    const first = watermark.begin();
    now += 100;
    const second = watermark.begin();
    now += 100;
    expect(watermark.value()).toBe(first.stamp - 1);
    // The later write is acknowledged first (at 1_000_200): the earlier one still holds the watermark.
    watermark.end(second.handle);
    expect(watermark.value()).toBe(first.stamp - 1);
    now += 500;
    watermark.end(first.handle); // at 1_000_700: searchable from 1_002_000
    now += 1299; // 1_001_999
    expect(watermark.value()).toBe(first.stamp - 1);
    now += 1; // the first is searchable; the second was since 1_001_500
    expect(watermark.value()).toBe(now);
    const third = watermark.begin();
    watermark.end(third.handle);
    expect(watermark.value()).toBe(third.stamp - 1);
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
