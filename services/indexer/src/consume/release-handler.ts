import {
  ReleaseEventSchema,
  type EventVerifier,
  type ReleaseDocument,
  type ReleaseEventNames,
  describeIssues,
  releaseEventSubject,
} from "@gazette/shared";
import { releaseToDocument } from "../index/index.ts";

/** Why an event is not indexed: not an event at all, on the wrong subject, unsigned, or its signature is wrong. */
export type RejectionKind = "malformed" | "misaddressed" | "unsigned" | "forged";

/** What to do with one delivered event. */
export type EventDecision =
  | { action: "index"; releaseId: string; version: number; eventType: string; document: ReleaseDocument }
  | { action: "reject"; reason: string; kind: RejectionKind };

/** An event as JetStream delivered it. */
export interface DeliveredEvent {
  subject: string;
  data: Uint8Array;
  /** The Gazette-Signature header, if any. */
  signature?: string | undefined;
}

/** What an event is checked against: where events live, and the keys that sign them (none: development, unsigned taken). */
export interface EventTrust {
  names: ReleaseEventNames;
  verifier?: EventVerifier;
}

/**
 * Decides, without I/O, what a delivered event means for the index: a document to write at the event's
 * version (withdrawals too: the document is kept, marked withdrawn), or a rejection with the reason. An
 * event is indexed only if its signature (when keys are given) is ingest's for this subject and content,
 * and its subject names the release's own publisher and kind of change (ADR 0021).
 */
export function decideEvent(event: DeliveredEvent, trust: EventTrust): EventDecision {
  if (trust.verifier !== undefined) {
    const check = trust.verifier.check(event.subject, event.data, event.signature);
    if (!check.valid)
      return { action: "reject", reason: check.reason, kind: event.signature === undefined ? "unsigned" : "forged" };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(event.data));
  } catch (error) {
    return { action: "reject", reason: `not UTF-8 JSON: ${(error as Error).message}`, kind: "malformed" };
  }
  const parsed = ReleaseEventSchema.safeParse(json);
  if (!parsed.success)
    return {
      action: "reject",
      reason: `not a release event: ${describeIssues(parsed.error.issues)}`,
      kind: "malformed",
    };
  const release = parsed.data;
  if (release.version !== release.release.version || release.releaseId !== release.release.id)
    return { action: "reject", reason: "event and release disagree on id or version", kind: "malformed" };
  const expected = releaseEventSubject(trust.names, release.type, release.release.publisher);
  if (event.subject !== expected)
    return {
      action: "reject",
      reason: `a ${release.type} of ${release.release.publisher}'s release on ${event.subject}, not ${expected}`,
      kind: "misaddressed",
    };
  return {
    action: "index",
    releaseId: release.releaseId,
    version: release.version,
    eventType: release.type,
    document: releaseToDocument(release),
  };
}
