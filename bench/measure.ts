import autocannon from "autocannon";

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
  details?: Record<string, unknown>;
}

/**
 * Runs A and B alternately for `rounds` rounds (A, B, A, B, …, so drift hits both) and returns each
 * side's values and the per-round ratio `higherIsBetter ? A/B : B/A`. `warmUpRounds` unmeasured rounds
 * come first (JIT, connection pools and caches warm on both sides alike).
 */
export async function alternate(rounds: number, runA: () => Promise<number>, runB: () => Promise<number>, higherIsBetter: boolean, warmUpRounds = 0) {
  for (let round = 0; round < warmUpRounds; round++) {
    await runA();
    await runB();
  }
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const valueA = await runA();
    const valueB = await runB();
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
  body?: string;
  /** A fresh body per request (e.g. a new release each time). */
  bodyFor?: () => string;
  connections: number;
  seconds: number;
  /** Status every response must have; anything else fails the benchmark loudly. */
  expectStatus: number;
}

/** Requests per second that `autocannon` measures; throws if any response had another status. */
export async function requestsPerSecond(options: LoadOptions): Promise<number> {
  const { bodyFor } = options;
  const result = await autocannon({
    url: options.url,
    method: options.method ?? "GET",
    headers: options.headers ?? {},
    ...(options.body === undefined ? {} : { body: options.body }),
    connections: options.connections,
    duration: options.seconds,
    ...(bodyFor === undefined ? {} : { requests: [{ setupRequest: (request: Record<string, unknown>) => ({ ...request, body: bodyFor() }) }] }),
    expectBody: undefined,
  } as autocannon.Options);
  const statusCounts = result.statusCodeStats as unknown as Record<string, { count: number }> | undefined;
  const unexpected = Object.entries(statusCounts ?? {}).filter(([status]) => Number(status) !== options.expectStatus);
  if (result.errors > 0 || result.timeouts > 0 || unexpected.length > 0) {
    throw new Error(`${options.method ?? "GET"} ${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, statuses ${JSON.stringify(statusCounts)}`);
  }
  lastBytesPerResponse = result.requests.average > 0 ? Math.round(result.throughput.average / result.requests.average) : 0;
  return result.requests.average;
}

/** Bytes per response of the last measurement (a check that A and B send the same). */
export let lastBytesPerResponse = 0;
