import { once } from "node:events";
import { spawnInOwnSession } from "./context.ts";
import { formatSeconds } from "../tools/progress/progress.ts";
import { wrkRequestsPerSecond } from "./wrk.ts";

export interface Figure {
  min: number;
  median: number;
  max: number;
}

export function figure(values: number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface BenchRow {
  id: string;
  what: string;
  unit: string;
  goal: string;
  a: Figure;
  b: Figure;
  /** A relative to B, per round, oriented so that 1 is "as fast as the reference". */
  ratio: Figure;
  met: boolean;
  /** A comparison to report, with no goal (the table shows "—" for met). */
  reportOnly?: boolean;
  details?: Record<string, unknown>;
}

/** Where `alternate` reports each run: the row's id and the bench's log. */
export interface RoundProgress {
  label: string;
  log(message: string): void;
}

/**
 * Runs A and B alternately for `rounds` rounds (A, B, A, B, …, so drift hits both) and returns each
 * side's values and the per-round ratio `higherIsBetter ? A/B : B/A`. `warmUpRounds` unmeasured rounds
 * come first (JIT, connection pools and caches warm on both sides alike). With `progress`, a line per
 * run: the row, the round, the side, its figure and the time the row still needs.
 */
export async function alternate(
  rounds: number,
  runA: () => Promise<number>,
  runB: () => Promise<number>,
  higherIsBetter: boolean,
  warmUpRounds = 0,
  progress?: RoundProgress,
) {
  const totalRuns = 2 * (warmUpRounds + rounds);
  const started = Date.now();
  let runsDone = 0;
  const timed = async (run: () => Promise<number>, round: string, side: "A (ours)" | "B (reference)") => {
    const value = await run();
    runsDone++;
    if (progress !== undefined) {
      const secondsLeft = ((Date.now() - started) / runsDone / 1000) * (totalRuns - runsDone);
      progress.log(
        `${progress.label} ${round}, ${side}: ${Number(value.toPrecision(4)).toLocaleString("en")}; ${runsDone}/${totalRuns} runs, about ${formatSeconds(secondsLeft)} left in ${progress.label}`,
      );
    }
    return value;
  };
  for (let round = 0; round < warmUpRounds; round++) {
    await timed(runA, "warm-up", "A (ours)");
    await timed(runB, "warm-up", "B (reference)");
  }
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const valueA = await timed(runA, `round ${round + 1}/${rounds}`, "A (ours)");
    const valueB = await timed(runB, `round ${round + 1}/${rounds}`, "B (reference)");
    a.push(valueA);
    b.push(valueB);
    ratios.push(higherIsBetter ? valueA / valueB : valueB / valueA);
  }
  return { a: figure(a), b: figure(b), ratio: figure(ratios) };
}

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** The request body; each `[<id>]` in it becomes a fresh unique id per request (e.g. a new release each time). */
  body?: string;
  connections: number;
  seconds: number;
  /** Status every response must have; anything else fails the benchmark loudly. */
  expectStatus: number;
  /**
   * Paths asked in turn instead of the URL's own, so no two are alike within a run and no cache helps:
   * `template` with `{date}` replaced by the i-th day after 1970-01-01, for i below `count`.
   */
  datedPaths?: { template: string; count: number };
  /** The same for the body: `{date}` in `template` replaced in turn (a reference asking what the dated paths ask). */
  datedBodies?: { template: string; count: number };
  /** Which load generator: autocannon (default) or wrk (bench/wrk.ts). */
  generator?: "autocannon" | "wrk";
}

interface LoadResult {
  requests: { average: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}

/**
 * Requests per second that `autocannon` (or `wrk`, with `generator: "wrk"`) measures; throws if any response had another status.
 * autocannon runs in a process of its own, in its own session, as every server measured does: with the
 * kernel's scheduler autogroups each session gets a fair share of the CPU, and a load generator sharing
 * a session with one side (as it did when it ran inside this process, beside a reference server started
 * from it) skews the comparison.
 */
export async function requestsPerSecond(options: LoadOptions): Promise<number> {
  if (options.generator === "wrk") {
    const measured = await wrkRequestsPerSecond(options);
    lastBytesPerResponse = measured.bytesPerResponse;
    return measured.rate;
  }
  const cannonOptions = {
    url: options.url,
    method: options.method ?? "GET",
    headers: options.headers ?? {},
    ...(options.body === undefined ? {} : { body: options.body, idReplacement: options.body.includes("[<id>]") }),
    connections: options.connections,
    duration: options.seconds,
    ...(options.datedPaths === undefined ? {} : { datedPaths: options.datedPaths }),
    ...(options.datedBodies === undefined ? {} : { datedBodies: options.datedBodies }),
  };
  const child = spawnInOwnSession("load-generator.ts", [JSON.stringify(cannonOptions)]);
  const chunks: Buffer[] = [];
  child.stdout!.on("data", (chunk: Buffer) => chunks.push(chunk));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  const result = JSON.parse(Buffer.concat(chunks).toString("utf8")) as LoadResult;
  const unexpected = Object.entries(result.statusCodeStats ?? {}).filter(
    ([status]) => Number(status) !== options.expectStatus,
  );
  if (result.errors > 0 || result.timeouts > 0 || unexpected.length > 0) {
    throw new Error(
      `${options.method ?? "GET"} ${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, statuses ${JSON.stringify(result.statusCodeStats)}`,
    );
  }
  lastBytesPerResponse =
    result.requests.average > 0 ? Math.round(result.throughput.average / result.requests.average) : 0;
  return result.requests.average;
}

/** Bytes per response of the last measurement (a check that A and B send the same). */
export let lastBytesPerResponse = 0;
