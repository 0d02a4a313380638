import { createHash } from "node:crypto";
import { stringify } from "safe-stable-stringify";
import { releaseIdFor, type Release, type ValidReleaseInput } from "@gazette/shared";
import type { ReleaseRecord, StoredReleaseRecord } from "./release-store.ts";

/** Hash of what the publisher sent (key order does not matter), to tell an unchanged re-send. */
export function contentHashOf(input: ValidReleaseInput): string {
  return createHash("sha256").update(stringify(input) ?? "").digest("hex");
}

/** What to do with a submission, given the stored record. */
export type SubmissionDecision =
  /** Same content, event already acknowledged: nothing to do. */
  | { kind: "unchanged"; record: ReleaseRecord }
  /** Same content, but its event was never acknowledged: publish it again (same version, same message id). */
  | { kind: "republish"; record: ReleaseRecord }
  /** New content: store this record (next version), then publish its event. */
  | { kind: "write"; record: ReleaseRecord };

/**
 * Decides, without I/O, what a submission does. A first submission is version 1
 * (`release.published`); each change adds one (`release.updated`). `publishedAt` defaults to the
 * first receipt and is kept across updates unless the publisher sends one.
 */
export function decideSubmission(publisher: string, input: ValidReleaseInput, current: StoredReleaseRecord | undefined, now: Date): SubmissionDecision {
  const contentHash = contentHashOf(input);
  if (current !== undefined && current.record.contentHash === contentHash) {
    return { kind: current.record.eventPublished ? "unchanged" : "republish", record: current.record };
  }
  const previous = current?.record.release;
  const receivedAt = now.toISOString();
  const release: Release = {
    ...input,
    id: releaseIdFor(publisher, input.externalId),
    publisher,
    publishedAt: input.publishedAt ?? previous?.publishedAt ?? receivedAt,
    updatedAt: receivedAt,
    version: (previous?.version ?? 0) + 1,
  };
  return { kind: "write", record: { release, contentHash, eventType: previous === undefined ? "release.published" : "release.updated", eventPublished: false } };
}
