import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IndexFreshness } from "../src/read/index-freshness.ts";

describe("IndexFreshness (fake clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-11-28T10:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function watch(nextEmbargoEnd: () => Promise<Date | undefined> = async () => undefined) {
    const staleBefore = vi.fn<(instant: number) => void>();
    const changed = vi.fn<() => void>();
    const freshness = new IndexFreshness({ visibleAfterMs: 1300, nextEmbargoEnd, staleBefore, changed });
    return { freshness, staleBefore, changed };
  }

  it("makes feeds built before a write is visible stale at once, and tells of the change once it is visible", async () => {
    const { freshness, staleBefore, changed } = watch();
    freshness.indexWritten();
    expect(staleBefore).toHaveBeenCalledWith(Date.now() + 1300);
    await vi.advanceTimersByTimeAsync(1299);
    expect(changed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(changed).toHaveBeenCalledTimes(1);
    freshness.stop();
  });

  it("makes one change of a burst of writes, told after the last one is visible", async () => {
    const { freshness, staleBefore, changed } = watch();
    for (let i = 0; i < 5; i++) {
      freshness.indexWritten();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(staleBefore).toHaveBeenCalledTimes(5);
    expect(changed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(800);
    expect(changed).toHaveBeenCalledTimes(1);
    freshness.stop();
  });

  it("changes by itself when an embargo ends, then watches the next one", async () => {
    const start = Date.now();
    const ends = [new Date(start + 60_000), new Date(start + 120_000)];
    const { freshness, staleBefore, changed } = watch(async () => ends.find((end) => end.getTime() > Date.now()));
    freshness.start();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(changed).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_100);
    expect(changed).toHaveBeenCalledTimes(1);
    // Acted on just after the end (50 ms slack, so the index's clock has passed it too).
    expect(staleBefore).toHaveBeenLastCalledWith(start + 60_050);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(changed).toHaveBeenCalledTimes(2);
    freshness.stop();
  });

  it("is quiet once stopped, with an embargo months away and writes after the stop", async () => {
    const farEnd = new Date(Date.now() + 90 * 86_400_000);
    const { freshness, changed } = watch(async () => farEnd);
    freshness.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(changed).not.toHaveBeenCalled();
    freshness.stop();
    freshness.indexWritten();
    await vi.advanceTimersByTimeAsync(100 * 86_400_000);
    expect(changed).not.toHaveBeenCalled();
  });

  it("keeps working when the index cannot say when the next embargo ends", async () => {
    const { freshness, changed } = watch(async () => {
      throw new Error("index unreachable");
    });
    freshness.start();
    freshness.indexWritten();
    await vi.advanceTimersByTimeAsync(1300);
    expect(changed).toHaveBeenCalledTimes(1);
    freshness.stop();
  });
});
