import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { formatSeconds, startProgress } from "../tools/progress/progress.ts";

/** A non-TTY stream (as in CI logs) that keeps what was written. */
function capture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join("").split("\n").filter(Boolean) };
}

describe("progress of long commands when the output is not a terminal", () => {
  it("writes a start line, at most one line per interval with count, rate and time left, and a last line", () => {
    let clock = 1_000_000;
    const out = capture();
    const progress = startProgress({
      label: "reindex: loading",
      unit: "documents",
      total: 10_000,
      stream: out.stream,
      intervalMs: 5000,
      now: () => clock,
    });
    clock += 1000;
    progress.update(1000); // within the interval: no line
    clock += 4000;
    progress.update(2500); // 5 s in: 500/s, 7,500 left → 15 s
    clock += 5000;
    progress.update(5000); // 10 s in: 500/s, 5,000 left → 10 s
    clock += 10_000;
    progress.update(10_000);
    progress.finish("swapped the alias");
    expect(out.lines()).toEqual([
      "reindex: loading: started (10,000 documents)",
      "reindex: loading: 2,500/10,000 documents (25 %), 500/s, about 15 s left",
      "reindex: loading: 5,000/10,000 documents (50 %), 500/s, about 10 s left",
      "reindex: loading: 10,000/10,000 documents (100 %), 500/s, 20 s so far",
      "reindex: loading: 10,000/10,000 documents (100 %), 500/s, done in 20 s: swapped the alias",
    ]);
  });

  it("counts without a total, and shows only the time for a wait", () => {
    let clock = 0;
    const counted = capture();
    const downloads = startProgress({
      label: "maven",
      unit: "files downloaded",
      stream: counted.stream,
      intervalMs: 1000,
      now: () => clock,
    });
    clock = 2000;
    downloads.update(40);
    downloads.finish();
    expect(counted.lines()).toEqual([
      "maven: started",
      "maven: 40 files downloaded, 20/s, 2 s so far",
      "maven: 40 files downloaded, 20/s, done in 2 s",
    ]);

    const waited = capture();
    const wait = startProgress({
      label: "opensearch-local: starting",
      unit: "s",
      counted: false,
      stream: waited.stream,
      intervalMs: 5000,
      now: () => clock,
    });
    clock += 6000;
    wait.update(6);
    wait.finish("ready");
    expect(waited.lines()).toEqual([
      "opensearch-local: starting: started",
      "opensearch-local: starting: 6 s so far",
      "opensearch-local: starting: done in 6 s: ready",
    ]);
  });

  it("formats durations for people", () => {
    expect([
      formatSeconds(4.4),
      formatSeconds(75),
      formatSeconds(3 * 3600 + 120),
      formatSeconds(Number.POSITIVE_INFINITY),
    ]).toEqual(["4 s", "1 min 15 s", "3 h 2 min", "?"]);
  });
});
