import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager, type JsMsg } from "nats";
import { DurableConsumerLoop, type Logger } from "@gazette/shared";
import type { ReleaseService } from "./release-service.ts";
import type { ReleaseRecord } from "./release-store.ts";

/** What to do with one write of the release bucket, seen `ageMs` after it was made. */
export type ReconcileStep = { kind: "done" } | { kind: "wait"; ms: number } | { kind: "check" };

/**
 * Pure: a record whose event is acknowledged needs nothing; one still unpublished gets `graceMs` for
 * its own request to finish (publish and mark), after which it is checked and, if still unpublished,
 * published by the reconciler.
 */
export function reconcileStep(record: ReleaseRecord | undefined, ageMs: number, graceMs: number): ReconcileStep {
  if (record === undefined || record.eventPublished) return { kind: "done" };
  return ageMs < graceMs ? { kind: "wait", ms: Math.ceil(graceMs - ageMs) } : { kind: "check" };
}

function recordOf(message: JsMsg): ReleaseRecord | undefined {
  const operation = message.headers?.get("KV-Operation");
  if (operation === "DEL" || operation === "PURGE" || message.data.length === 0) return undefined;
  try {
    return message.json<ReleaseRecord>();
  } catch {
    return undefined;
  }
}

export interface ReconcilerOptions {
  bucket: string;
  durable: string;
  /** How long a record may stay unpublished before the reconciler publishes it. */
  graceMs: number;
}

/**
 * Makes sure no accepted release stays unpublished: follows every write of the release bucket through a
 * durable consumer (shared by all ingest processes, so it resumes where it stopped) and publishes the
 * event of any record still unpublished after the grace period (same message id, so a copy of an event
 * that did get through is dropped by JetStream). See docs/adr/0002-ingest-write-order.md.
 */
export class ReleaseReconciler {
  readonly #releases: ReleaseService;
  readonly #options: ReconcilerOptions;
  readonly #logger: Logger;
  readonly #loop: DurableConsumerLoop;

  constructor(js: JetStreamClient, releases: ReleaseService, options: ReconcilerOptions, logger: Logger) {
    this.#releases = releases;
    this.#options = options;
    this.#logger = logger;
    const target = { stream: `KV_${options.bucket}`, durable: options.durable, maxMessages: 256 };
    this.#loop = new DurableConsumerLoop(js, target, async (messages) => {
      for await (const message of messages) await this.#handle(message);
    }, logger);
  }

  static async ensureConsumer(jsm: JetStreamManager, options: ReconcilerOptions): Promise<void> {
    const stream = `KV_${options.bucket}`;
    try {
      await jsm.consumers.info(stream, options.durable);
    } catch {
      await jsm.consumers.add(stream, { durable_name: options.durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: `$KV.${options.bucket}.>`, ack_wait: 30_000_000_000, max_ack_pending: 10_000 });
    }
  }

  start(): void {
    this.#loop.start();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
  }

  async #handle(message: JsMsg): Promise<void> {
    const record = recordOf(message);
    const ageMs = Date.now() - Math.floor(message.info.timestampNanos / 1e6);
    const step = reconcileStep(record, ageMs, this.#options.graceMs);
    if (step.kind === "done") {
      message.ack();
      return;
    }
    if (step.kind === "wait") {
      message.nak(step.ms);
      return;
    }
    try {
      const published = await this.#releases.publishIfUnpublished(record!.release.id, message.seq, this.#logger);
      if (published) this.#logger.warn({ releaseId: record!.release.id, version: record!.release.version }, "reconciler published an event its request never did");
      message.ack();
    } catch (error) {
      this.#logger.warn({ err: error, releaseId: record!.release.id }, "reconciler could not publish yet: will retry");
      message.nak(Math.min(1000 * 2 ** message.info.redeliveryCount, 60_000));
    }
  }
}
