import { GazetteError, toProblem, type Logger, type ProblemDocument } from "@gazette/shared";
import { maxBatchSize } from "../api-schemas.ts";
import type { SubmissionResult } from "./release-service.ts";

/** Items of different releases are submitted this many at a time. */
const batchConcurrency = 8;

export type BatchItemResult =
  | ({ index: number; externalId?: string } & SubmissionResult)
  | { index: number; externalId?: string; status: "failed"; problem: ProblemDocument };

/** The list of items in a batch body `{releases: [...]}`; VALIDATION_FAILED for anything else. */
export function batchItemsOf(body: unknown): unknown[] {
  const releases =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)["releases"]
      : undefined;
  const unknownFields =
    typeof body === "object" && body !== null && !Array.isArray(body)
      ? Object.keys(body).filter((key) => key !== "releases")
      : [];
  const problem = (message: string, field = "releases") =>
    new GazetteError("VALIDATION_FAILED", `Invalid batch: ${field}: ${message}`, {
      extensions: { errors: [{ field, message }] },
    });
  if (unknownFields.length > 0)
    throw problem(`unknown field${unknownFields.length > 1 ? "s" : ""}: ${unknownFields.join(", ")}`, "(body)");
  if (!Array.isArray(releases)) throw problem('expected {"releases": [ … ]}');
  if (releases.length === 0) throw problem("the list is empty");
  if (releases.length > maxBatchSize)
    throw problem(`at most ${maxBatchSize} releases a batch (got ${releases.length})`);
  return releases;
}

function claimedExternalId(item: unknown): string | undefined {
  const value = typeof item === "object" && item !== null ? (item as Record<string, unknown>)["externalId"] : undefined;
  return typeof value === "string" ? value : undefined;
}

/**
 * Submits every item, each on its own: one bad item fails only itself. Items of one externalId go in
 * the order given (the last one wins, as if sent one by one); different releases go concurrently.
 */
export async function submitBatch(
  items: readonly unknown[],
  submitOne: (item: unknown) => Promise<SubmissionResult>,
  log: Logger,
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = new Array(items.length);
  const lanes = new Map<string, number[]>();
  items.forEach((item, index) => {
    const lane = claimedExternalId(item) ?? `\u0000${index}`;
    lanes.set(lane, [...(lanes.get(lane) ?? []), index]);
  });
  const queue = [...lanes.values()];
  const runLane = async (indexes: number[]) => {
    for (const index of indexes) {
      const externalId = claimedExternalId(items[index]);
      const named = externalId === undefined ? { index } : { index, externalId };
      try {
        results[index] = { ...named, ...(await submitOne(items[index])) };
      } catch (error) {
        const known =
          error instanceof GazetteError
            ? error
            : new GazetteError("INTERNAL", "An unexpected error occurred.", { cause: error });
        if (!(error instanceof GazetteError)) log.error({ err: error, index }, "unhandled error in a batch item");
        results[index] = { ...named, status: "failed", problem: toProblem(known) };
      }
    }
  };
  const workers = Array.from({ length: Math.min(batchConcurrency, queue.length) }, async () => {
    for (let lane = queue.shift(); lane !== undefined; lane = queue.shift()) await runLane(lane);
  });
  await Promise.all(workers);
  return results;
}
