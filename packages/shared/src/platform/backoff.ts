import retry from "retry";

/** An exponential backoff: the first delay, the factor each failure multiplies it by, and the ceiling. */
export interface BackoffPolicy {
  firstMs: number;
  /** Default 2. */
  factor?: number;
  maxMs: number;
  /** Spread delays up to twice as long, so that many clients do not retry in step. Default false. */
  jitter?: boolean;
}

/**
 * How long to wait after the `failures`-th failure in a row (1 for the first): `firstMs × factor^(failures−1)`,
 * at most `maxMs`. The arithmetic is the `retry` package's (as p-retry uses it); the loops that wait
 * stay with their owners, since each waits differently (a JetStream nak delay, a timer, a sleep).
 */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  return retry.createTimeout(Math.max(0, failures - 1), {
    minTimeout: policy.firstMs,
    factor: policy.factor ?? 2,
    maxTimeout: policy.maxMs,
    randomize: policy.jitter ?? false,
  });
}
