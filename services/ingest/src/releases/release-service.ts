import type { z } from "zod";
import type { SubmissionResultSchema, SubmissionStatusSchema } from "../api-schemas.ts";
import {
  GazetteError,
  releaseIdFor,
  type Logger,
  type ReleaseEventType,
  type ValidReleaseInput,
} from "@gazette/shared";
import {
  decideSubmission,
  decideWithdrawal,
  isEmbargoed,
  type SubmissionDecision,
  type WithdrawalDecision,
} from "./release-versioning.ts";
import {
  ReleaseWriteConflict,
  type ReleaseRecord,
  type ReleaseRecordStore,
  type StoredReleaseRecord,
} from "./release-store.ts";

export type SubmissionStatus = z.infer<typeof SubmissionStatusSchema>;

/** Where a stored release stands now: withdrawn, embargoed (held back from feeds and search until `embargoUntil`), or published. */
export function recordStatus(record: ReleaseRecord, now: Date): "published" | "embargoed" | "withdrawn" {
  if (record.withdrawal !== undefined) return "withdrawn";
  return isEmbargoed(record.release, now) ? "embargoed" : "published";
}

export type SubmissionResult = z.infer<typeof SubmissionResultSchema>;

/** The answer for an externalId this publisher never sent (or, indistinguishably, another publisher's). */
export function releaseNotFound(externalId: string): GazetteError {
  return new GazetteError("NOT_FOUND", `No release with externalId ${JSON.stringify(externalId)}.`);
}

/** How often a submission re-reads and retries after losing a compare-and-set race (each loss is another writer's progress). */
const maxConflictRetries = 50;

/**
 * Takes releases in: decides without I/O, then writes the record with compare-and-set on the KV
 * revision. The stored write is the commit: the event relay publishes its event from the bucket's
 * stream (see docs/adr/0002-ingest-write-order.md).
 */
export class ReleaseService {
  readonly #store: ReleaseRecordStore;
  readonly #eventsPublishedThrough: () => Promise<number>;
  readonly #now: () => Date;
  readonly #onAccepted: (publisher: string, event: ReleaseEventType) => void;

  /**
   * `eventsPublishedThrough`: the store revision up to which every write's event is acknowledged.
   * `onAccepted`: told of each accepted change (the delivery report counts them).
   */
  constructor(
    store: ReleaseRecordStore,
    eventsPublishedThrough: () => Promise<number>,
    options: { now?: () => Date; onAccepted?: (publisher: string, event: ReleaseEventType) => void } = {},
  ) {
    this.#store = store;
    this.#eventsPublishedThrough = eventsPublishedThrough;
    this.#now = options.now ?? (() => new Date());
    this.#onAccepted = options.onAccepted ?? (() => {});
  }

  async submit(publisher: string, input: ValidReleaseInput, log: Logger): Promise<SubmissionResult> {
    const releaseId = releaseIdFor(publisher, input.externalId);
    const result = await this.#apply(
      releaseId,
      (current) => decideSubmission(publisher, input, current, this.#now()),
      log,
      true,
    );
    // A submission always decides (`decideSubmission` never declines): this is a broken invariant.
    if (result === undefined) throw new GazetteError("INTERNAL", `no decision for the submission of ${releaseId}`);
    return result;
  }

  /** Withdraws a release (event `release.retracted`); NOT_FOUND if the publisher has no such release. */
  async withdraw(publisher: string, externalId: string, reason: string, log: Logger): Promise<SubmissionResult> {
    const result = await this.#apply(
      releaseIdFor(publisher, externalId),
      (current) => decideWithdrawal(current, reason, this.#now()),
      log,
    );
    if (result === undefined) throw releaseNotFound(externalId);
    return result;
  }

  /** The current record of a release by Gazette's id, or undefined. */
  async byId(releaseId: string): Promise<ReleaseRecord | undefined> {
    return (await this.#store.get(releaseId))?.record;
  }

  /** The current record of a publisher's release, or undefined. */
  async current(publisher: string, externalId: string): Promise<ReleaseRecord | undefined> {
    return (await this.#store.get(releaseIdFor(publisher, externalId)))?.record;
  }

  /**
   * The versions of a publisher's release still in the store's history, oldest first, each with
   * whether its event is acknowledged yet. Empty if unknown.
   */
  async versions(
    publisher: string,
    externalId: string,
  ): Promise<{ version: number; event: string; updatedAt: string; published: boolean }[]> {
    const history = await this.#store.history(releaseIdFor(publisher, externalId));
    if (history.length === 0) return [];
    const publishedThrough = await this.#eventsPublishedThrough();
    return history.map(({ record, revision }) => ({
      version: record.release.version,
      event: record.eventType,
      updatedAt: record.release.updatedAt,
      published: revision <= publishedThrough,
    }));
  }

  /** Read, decide, write (compare-and-set); re-decides after a lost race. */
  async #apply(
    releaseId: string,
    decide: (current: StoredReleaseRecord | undefined) => SubmissionDecision | WithdrawalDecision,
    log: Logger,
    assumeNew = false,
  ): Promise<SubmissionResult | undefined> {
    for (let attempt = 0; ; attempt++) {
      // A submission first assumes the release is new: the create is itself the check (it fails if
      // the key exists), which saves a read for the most common case. Then it reads and decides.
      const current = assumeNew && attempt === 0 ? undefined : await this.#store.get(releaseId);
      const decision = decide(current);
      if (decision.kind === "absent") return undefined;
      const { record } = decision;
      const result = { id: releaseId, version: record.release.version, status: statusOf(record, this.#now()) };
      if (decision.kind === "unchanged") {
        log.info({ releaseId, version: result.version }, "release unchanged");
        return { ...result, status: "unchanged" };
      }
      try {
        await this.#store.put(releaseId, record, current?.revision);
      } catch (error) {
        if (!(error instanceof ReleaseWriteConflict)) throw error;
        if (attempt >= maxConflictRetries) {
          throw new GazetteError(
            "CONCURRENT_UPDATE",
            "The release was changed by other requests throughout; send it again.",
            { cause: error, headers: { "Retry-After": "1" } },
          );
        }
        if (!(assumeNew && attempt === 0)) log.debug({ releaseId, attempt }, "concurrent write: retrying");
        continue;
      }
      log.info(
        { releaseId, version: result.version, event: record.eventType, decision: decision.kind },
        "release accepted",
      );
      this.#onAccepted(record.release.publisher, record.eventType);
      return result;
    }
  }
}

function statusOf(record: ReleaseRecord, now: Date): SubmissionStatus {
  if (record.eventType === "release.retracted") return "withdrawn";
  if (isEmbargoed(record.release, now)) return "embargoed";
  return record.eventType === "release.published" ? "published" : "updated";
}
