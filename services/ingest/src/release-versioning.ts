import { createHash } from "node:crypto";
import { stringify } from "safe-stable-stringify";
import { releaseIdFor, type Release, type ValidReleaseInput } from "@gazette/shared";
import type { ReleaseRecord, StoredReleaseRecord } from "./release-store.ts";

/** Hash of what the publisher sent (key order does not matter), to tell an unchanged re-send. */
export function contentHashOf(input: ValidReleaseInput): string {
  return createHash("sha256")
    .update(stringify(input) ?? "")
    .digest("hex");
}

/** What to do with a submission, given the stored record. */
export type SubmissionDecision =
  /** Same content as stored: nothing to do (its event follows from the stored write). */
  | { kind: "unchanged"; record: ReleaseRecord }
  /** New content: store this record (next version); the relay publishes its event. */
  | { kind: "write"; record: ReleaseRecord };

/** Whether the release is still under embargo at `now`. */
export function isEmbargoed(release: Pick<Release, "embargoUntil">, now: Date): boolean {
  return release.embargoUntil !== undefined && Date.parse(release.embargoUntil) > now.getTime();
}

/**
 * Decides, without I/O, what a submission does. A first submission is version 1
 * (`release.published`); each change adds one (`release.updated`). `publishedAt` defaults to the
 * first receipt (or the embargo's end, if later) and is kept across updates unless the publisher sends one.
 */
export function decideSubmission(
  publisher: string,
  input: ValidReleaseInput,
  current: StoredReleaseRecord | undefined,
  now: Date,
): SubmissionDecision {
  const contentHash = contentHashOf(input);
  // A withdrawn release sent again is published again, even with the same content.
  if (current !== undefined && current.record.contentHash === contentHash && current.record.withdrawal === undefined) {
    return { kind: "unchanged", record: current.record };
  }
  const previous = current?.record.release;
  const receivedAt = now.toISOString();
  const firstShown =
    input.embargoUntil !== undefined && isEmbargoed(input, now)
      ? new Date(input.embargoUntil).toISOString()
      : receivedAt;
  const release: Release = {
    ...input,
    id: releaseIdFor(publisher, input.externalId),
    publisher,
    publishedAt: input.publishedAt ?? previous?.publishedAt ?? firstShown,
    updatedAt: receivedAt,
    version: (previous?.version ?? 0) + 1,
  };
  return {
    kind: "write",
    record: { release, contentHash, eventType: previous === undefined ? "release.published" : "release.updated" },
  };
}

/** What a withdrawal does, given the stored record: nothing if absent or already withdrawn, else the next version, retracted. */
export type WithdrawalDecision =
  | { kind: "absent" }
  | { kind: "unchanged"; record: ReleaseRecord }
  | { kind: "write"; record: ReleaseRecord };

export function decideWithdrawal(
  current: StoredReleaseRecord | undefined,
  reason: string,
  now: Date,
): WithdrawalDecision {
  if (current === undefined) return { kind: "absent" };
  if (current.record.withdrawal !== undefined) return { kind: "unchanged", record: current.record };
  const at = now.toISOString();
  const previous = current.record.release;
  return {
    kind: "write",
    record: {
      ...current.record,
      release: { ...previous, version: previous.version + 1, updatedAt: at },
      eventType: "release.retracted",
      withdrawal: { reason, at },
    },
  };
}
