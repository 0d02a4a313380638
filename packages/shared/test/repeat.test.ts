import { afterEach, describe, expect, it, vi } from "vitest";
import { repeatEvery } from "../src/platform/repeat.ts";

describe("repeatEvery (fake clock)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs one at a time, times the next from the end of the last, and goes on after a throw", async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    let finish: () => void = () => {};
    const repeating = repeatEvery(
      () => {
        starts.push(Date.now());
        if (starts.length === 2) return Promise.reject(new Error("a bad run"));
        return new Promise<void>((resolve) => (finish = resolve));
      },
      100,
      0,
    );
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(500);
    expect(starts).toEqual([t0]); // the first run has not ended: no second one
    finish();
    await vi.advanceTimersByTimeAsync(100); // the second, 100 ms after the end of the first, throws
    await vi.advanceTimersByTimeAsync(100); // and a third comes all the same
    expect(starts).toEqual([t0, t0 + 600, t0 + 700]);
    const stopped = repeating.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false); // waits for the run under way
    finish();
    await stopped;
    await vi.advanceTimersByTimeAsync(1000);
    expect(starts).toHaveLength(3); // nothing after stop
  });
});
