import { expect } from "vitest";
import type { DrillResult } from "../../tools/drills/drill-load.ts";

/**
 * What every fault drill must show (issue 17): enough releases acknowledged to mean something, none of
 * them lost, no 4xx, and no 5xx but 503 with Retry-After. The result is printed for docs/operations.md's table.
 */
export function expectNothingLost(result: DrillResult, atLeastAcknowledged: number): void {
  console.info(`drill result: ${JSON.stringify(result)}`);
  expect(result.acknowledged).toBeGreaterThan(atLeastAcknowledged);
  expect(result.lost).toBe(0);
  expect(result.badServerErrors).toBe(0);
  expect(result.refused).toBe(0);
}
