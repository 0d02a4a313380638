import { z } from "zod";
import { ReleaseSchema } from "./release.ts";

export const releaseEventTypes = ["release.published", "release.updated", "release.retracted"] as const;
export type ReleaseEventType = (typeof releaseEventTypes)[number];

/** One change in a release's history: which version, when, and what it was. */
export const VersionHistoryEntrySchema = z.strictObject({
  version: z.number().int().positive(),
  at: z.iso.datetime({ offset: true }),
  change: z.enum(["published", "updated", "withdrawn"]),
});
export type VersionHistoryEntry = z.output<typeof VersionHistoryEntrySchema>;
/** How many changes a release's history keeps (the newest). */
export const versionHistoryLimit = 100;

/** What ingest publishes on JetStream for every change of a release. */
export const ReleaseEventSchema = z.strictObject({
  type: z.enum(releaseEventTypes),
  releaseId: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  /** The release as of this version (for a retraction: its last state). */
  release: ReleaseSchema,
  /** Why it was withdrawn (retractions only). */
  reason: z.string().max(2000).optional(),
  /**
   * The changes up to this version, oldest first (dates and kinds, not content): what readers see as
   * the version history. Absent on events of records stored before it was kept.
   */
  history: z.array(VersionHistoryEntrySchema).max(versionHistoryLimit).optional(),
});
export type ReleaseEvent = z.output<typeof ReleaseEventSchema>;

/** Where release events live; tests use their own names so runs never collide. */
export interface ReleaseEventNames {
  /** JetStream stream name. Default `RELEASES`. */
  stream: string;
  /** Subject prefix; events go to `<prefix>.<published|updated|retracted>.<publisher>`. Default `gazette.releases`. */
  subjectPrefix: string;
}

export function releaseEventSubject(names: ReleaseEventNames, type: ReleaseEventType, publisher: string): string {
  return `${names.subjectPrefix}.${type.slice("release.".length)}.${publisher}`;
}

/** JetStream de-duplicates on this header: a retried publish of the same version is dropped. */
export function releaseEventMessageId(releaseId: string, version: number): string {
  return `${releaseId}@${version}`;
}

/** How long JetStream remembers message ids for de-duplication. */
export const duplicateWindowMs = 2 * 60 * 1000;

/**
 * Core NATS subject (not in the stream) on which the indexer announces each bulk write it made, so
 * readers with caches (feeds) know the index changed: `<prefix>_indexed`.
 */
export function releasesIndexedSubject(names: ReleaseEventNames): string {
  return `${names.subjectPrefix}_indexed`;
}

/**
 * Core NATS subject on which the indexer asks ingest to publish every release's event again (an index
 * lost with everything in it is rebuilt from the record of truth): `<prefix>_replay`. ADR 0022.
 */
export function releaseReplaySubject(names: ReleaseEventNames): string {
  return `${names.subjectPrefix}_replay`;
}
