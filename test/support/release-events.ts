import { ReleaseSchema, releaseIdFor, type Release, type ReleaseEvent, type ReleaseInput } from "@gazette/shared";
import { sampleRelease } from "./sample-release.ts";

export interface ReleaseEventOptions {
  externalId: string;
  version?: number;
  type?: ReleaseEvent["type"];
  publisher?: string;
  /** Fields of the release to set instead of the sample's. */
  release?: Partial<ReleaseInput> & { updatedAt?: string };
}

/** A valid release event for the shared sample release, as ingest would publish it (default: version 1, `mci-kz`). */
export function releaseEvent({
  externalId,
  version = 1,
  type,
  publisher = "mci-kz",
  release: overrides = {},
}: ReleaseEventOptions): ReleaseEvent {
  const updatedAt = overrides.updatedAt ?? "2026-01-01T10:00:00Z";
  const release: Release = ReleaseSchema.parse({
    ...sampleRelease(externalId),
    publishedAt: "2026-01-01T10:00:00Z",
    ...overrides,
    externalId,
    id: releaseIdFor(publisher, externalId),
    publisher,
    updatedAt,
    version,
  });
  return {
    type: type ?? (version === 1 ? "release.published" : "release.updated"),
    releaseId: release.id,
    version,
    occurredAt: updatedAt,
    release,
  };
}
