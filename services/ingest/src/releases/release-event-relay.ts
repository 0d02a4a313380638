import { setTimeout as sleep } from "node:timers/promises";
import type { JetStreamClient, JetStreamManager, JsMsg } from "@nats-io/jetstream";
import {
  DurableConsumerLoop,
  type Logger,
  backoffDelay,
  kvStreamName,
  kvSubjects,
  type DurableConsumerSpec,
} from "@gazette/shared";
import { releaseEventFor, type ReleaseEventPublisher } from "./release-events.ts";
import type { ReleaseRecord } from "./release-store.ts";

const utf8 = new TextDecoder();

/** The record a write of the release bucket holds; undefined for deletes, purges and what is not a record. */
export function recordOfWrite(operation: string | undefined, data: Uint8Array): ReleaseRecord | undefined {
  if (operation === "DEL" || operation === "PURGE" || data.length === 0) return undefined;
  try {
    const record = JSON.parse(utf8.decode(data)) as Partial<ReleaseRecord>;
    return record.release !== undefined && record.eventType !== undefined ? (record as ReleaseRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Backoff before the relay tries a write's event again, by how many times it was delivered already. */
export function relayRetryDelayMs(deliveryCount: number): number {
  return backoffDelay(deliveryCount, { firstMs: 500, maxMs: 5000 });
}

/**
 * While the event stream refuses publishes (its leader being elected, NATS restarting), a write's
 * event is tried again in place, 0.25 s after the first failure and at most 1 s apart (jittered, so the
 * held writes do not retry in step), for up to `holdMs`: it goes out within a second of the stream
 * taking publishes again, instead of after a redelivery backoff of up to 5 s (the drills' 5 s goal,
 * ADR 0013). Held that long, it is naked with `relayRetryDelayMs` (an event that never goes through must
 * not hold its place for ever).
 */
export function holdRetryDelayMs(attempt: number): number {
  return backoffDelay(attempt, { firstMs: 250, maxMs: 1000, jitter: true });
}

/** How long a write whose event does not go out is held and tried again before it is naked. */
export const holdMs = 30_000;

/** The relay's durable consumer on the bucket's stream, shared by all ingest processes. */
export const eventRelayDurable = "ingest-event-relay";

export interface EventRelayOptions {
  bucket: string;
  durable: string;
}

/**
 * The release bucket's stream is ingest's outbox: a write is accepted once the record is stored, and
 * this relay publishes the event of every write, in order per release, through a durable consumer
 * shared by all ingest processes (it resumes where it stopped after a crash). An event is acknowledged
 * by JetStream before its write is; a repeat after a crash carries the same `Nats-Msg-Id`, so JetStream
 * drops it. See docs/adr/0002-ingest-write-order.md.
 */
export class ReleaseEventRelay {
  readonly #events: ReleaseEventPublisher;
  readonly #logger: Logger;
  readonly #loop: DurableConsumerLoop;

  constructor(js: JetStreamClient, events: ReleaseEventPublisher, options: EventRelayOptions, logger: Logger) {
    this.#events = events;
    this.#logger = logger;
    // Held writes are reported in progress every 2 s: a crashed process's go to the others after the
    // 6 s ack wait (ADR 0013).
    const target = {
      stream: kvStreamName(options.bucket),
      durable: options.durable,
      maxMessages: 256,
      heartbeatMs: 2000,
    };
    this.#loop = new DurableConsumerLoop(js, target, (messages) => this.#relay(messages), logger);
  }

  /** The relay's durable consumer on the bucket's stream (every ingest process shares it). */
  static consumer(options: EventRelayOptions): DurableConsumerSpec {
    return {
      stream: kvStreamName(options.bucket),
      durable: options.durable,
      filterSubject: kvSubjects(options.bucket),
      ackWaitMs: 6000,
      maxAckPending: 1000,
    };
  }

  /** The stream sequence up to which every write's event is acknowledged (KV revisions are these sequences). */
  static async publishedThrough(jsm: JetStreamManager, options: EventRelayOptions): Promise<number> {
    return (await jsm.consumers.info(kvStreamName(options.bucket), options.durable)).ack_floor.stream_seq;
  }

  start(): void {
    this.#loop.start();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
  }

  /**
   * Publishes concurrently across releases, one after another within a release; when a write's event
   * fails, the later writes of that release held here wait with it, so its versions go out in order.
   */
  async #relay(messages: AsyncIterable<JsMsg>): Promise<void> {
    const lastByKey = new Map<string, Promise<number | undefined>>();
    for await (const message of messages) {
      const key = message.subject;
      const previous = lastByKey.get(key) ?? Promise.resolve(undefined);
      // After a failure, later messages of the same key wait for the redelivery instead of overtaking it.
      const next = previous.then((failedWithDelayMs) => {
        if (failedWithDelayMs === undefined) return this.#publish(message);
        message.nak(failedWithDelayMs);
        return failedWithDelayMs;
      });
      lastByKey.set(key, next);
      void next.finally(() => {
        if (lastByKey.get(key) === next) lastByKey.delete(key);
      });
    }
    await Promise.all(lastByKey.values());
  }

  /**
   * Publishes the event of one write and acks it. When the publish fails, tries again in place for up to
   * `holdMs` (the message is reported in progress meanwhile); then, or when stopping, naks it and
   * returns the retry delay.
   */
  async #publish(message: JsMsg): Promise<number | undefined> {
    const record = recordOfWrite(message.headers?.get("KV-Operation"), message.data);
    if (record === undefined) {
      message.ack();
      return undefined;
    }
    const heldSince = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#events.publish(releaseEventFor(record));
        message.ack();
        if (attempt > 1)
          this.#logger.info(
            { releaseId: record.release.id, version: record.release.version, attempt },
            "event published after a hold",
          );
        return undefined;
      } catch (error) {
        const release = { releaseId: record.release.id, version: record.release.version };
        if (!this.#loop.stopping && performance.now() - heldSince < holdMs) {
          if (attempt === 1) this.#logger.warn({ err: error, ...release }, "event not published yet: holding it");
          await sleep(holdRetryDelayMs(attempt));
          if (!this.#loop.stopping) continue;
        }
        const delayMs = this.#loop.stopping ? 0 : relayRetryDelayMs(message.info.deliveryCount);
        this.#logger.warn({ err: error, ...release, delayMs }, "event not published yet: will retry");
        message.nak(delayMs);
        return delayMs;
      }
    }
  }
}
