import { vi } from "vitest";

export interface EventuallyOptions {
  /** How long to keep trying, in ms. Default 20 s. */
  timeoutMs?: number;
  /** Between tries, in ms. Default 200. */
  intervalMs?: number;
}

/**
 * Tries `check` until it passes (returns without throwing), and returns what it returned; after the
 * timeout, fails with the last error `check` threw (its assertion says what was not met). For
 * conditions a real server reaches in its own time: never a fixed sleep where this can wait instead.
 */
export function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  return vi.waitFor(check, { timeout: options.timeoutMs ?? 20_000, interval: options.intervalMs ?? 200 });
}
