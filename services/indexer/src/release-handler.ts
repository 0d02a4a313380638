import { ReleaseEventSchema, type ReleaseDocument, describeIssues } from "@gazette/shared";
import { releaseToDocument } from "./release-presenter.ts";

/** What to do with one delivered event. */
export type EventDecision =
  | { action: "index"; releaseId: string; version: number; eventType: string; document: ReleaseDocument }
  | { action: "reject"; reason: string };

/**
 * Decides, without I/O, what an event payload means for the index: a document to write at the
 * event's version (withdrawals too: the document is kept, marked withdrawn), or a rejection with the reason.
 */
export function decideEvent(payload: Uint8Array): EventDecision {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch (error) {
    return { action: "reject", reason: `not UTF-8 JSON: ${(error as Error).message}` };
  }
  const parsed = ReleaseEventSchema.safeParse(json);
  if (!parsed.success) {
    return {
      action: "reject",
      reason: `not a release event: ${describeIssues(parsed.error.issues)}`,
    };
  }
  const event = parsed.data;
  if (event.version !== event.release.version || event.releaseId !== event.release.id) {
    return { action: "reject", reason: "event and release disagree on id or version" };
  }
  return {
    action: "index",
    releaseId: event.releaseId,
    version: event.version,
    eventType: event.type,
    document: releaseToDocument(event),
  };
}
