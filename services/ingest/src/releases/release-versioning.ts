import { createHash } from "node:crypto";
import { stringify } from "safe-stable-stringify";
import {
  releaseIdFor,
  versionHistoryLimit,
  type Release,
  type ValidReleaseInput,
  type VersionHistoryEntry,
} from "@gazette/shared";
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

/**
 * The history with one more change. A record stored before histories were kept starts from its own
 * current version (what came before it is in the bucket's history only, which readers do not see).
 */
export function withChange(
  current: StoredReleaseRecord | undefined,
  change: VersionHistoryEntry,
): VersionHistoryEntry[] {
  const record = current?.record;
  const known: VersionHistoryEntry[] =
    record === undefined
      ? []
      : (record.history ?? [
          {
            version: record.release.version,
            at: record.release.updatedAt,
            change:
              record.withdrawal !== undefined ? "withdrawn" : record.release.version === 1 ? "published" : "updated",
          },
        ]);
  return [...known, change].slice(-versionHistoryLimit);
}

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
  const eventType = previous === undefined ? "release.published" : "release.updated";
  const history = withChange(current, {
    version: release.version,
    at: receivedAt,
    change: previous === undefined ? "published" : "updated",
  });
  return { kind: "write", record: { release, contentHash, eventType, history } };
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
      history: withChange(current, { version: previous.version + 1, at, change: "withdrawn" }),
    },
  };
}
