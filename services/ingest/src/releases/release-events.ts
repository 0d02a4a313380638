import type { JetStreamClient } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import {
  eventSignatureHeader,
  type EventSigner,
  GazetteError,
  releaseEventMessageId,
  releaseEventSubject,
  type ReleaseEvent,
  type ReleaseEventNames,
} from "@gazette/shared";
import type { ReleaseRecord } from "./release-store.ts";

/** The event that announces a record's state. */
export function releaseEventFor(record: ReleaseRecord): ReleaseEvent {
  const event: ReleaseEvent = {
    type: record.eventType,
    releaseId: record.release.id,
    version: record.release.version,
    occurredAt: record.release.updatedAt,
    release: record.release,
  };
  if (record.withdrawal !== undefined) event.reason = record.withdrawal.reason;
  if (record.history !== undefined) event.history = record.history;
  return event;
}

/** Publishes release events and resolves once JetStream has stored them. */
export interface ReleaseEventPublisher {
  /** `replay`: an id of a replay of the record of truth, so the stream does not drop it as a repeat. */
  publish(event: ReleaseEvent, options?: { replay?: string }): Promise<void>;
}

/**
 * Publishes on JetStream with `Nats-Msg-Id` = `<id>@<version>`, so a retried publish of the same
 * version is dropped by the stream's duplicate window, and with ingest's signature of the subject and
 * payload (Gazette-Signature) when a signing key is given (ADR 0021). No ack in time:
 * EVENT_STORE_UNAVAILABLE.
 */
export class JetStreamReleaseEventPublisher implements ReleaseEventPublisher {
  readonly #js: JetStreamClient;
  readonly #names: ReleaseEventNames;
  readonly #timeoutMs: number;
  readonly #signer: EventSigner | undefined;

  constructor(options: { js: JetStreamClient; names: ReleaseEventNames; timeoutMs: number; signer?: EventSigner }) {
    this.#js = options.js;
    this.#names = options.names;
    this.#timeoutMs = options.timeoutMs;
    this.#signer = options.signer;
  }

  async publish(event: ReleaseEvent, options: { replay?: string } = {}): Promise<void> {
    const subject = releaseEventSubject(this.#names, event.type, event.release.publisher);
    const payload = new TextEncoder().encode(JSON.stringify(event));
    const signed = this.#signer === undefined ? undefined : headers();
    signed?.set(eventSignatureHeader, this.#signer!.sign(subject, payload));
    try {
      await this.#js.publish(subject, payload, {
        msgID: `${releaseEventMessageId(event.releaseId, event.version)}${options.replay === undefined ? "" : `#${options.replay}`}`,
        expect: { streamName: this.#names.stream },
        timeout: this.#timeoutMs,
        ...(signed === undefined ? {} : { headers: signed }),
      });
    } catch (error) {
      throw new GazetteError(
        "EVENT_STORE_UNAVAILABLE",
        "The event store did not acknowledge the release; retry later.",
        { cause: error, headers: { "Retry-After": "5" } },
      );
    }
  }
}
