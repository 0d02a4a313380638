import { setTimeout as sleep } from "node:timers/promises";
import { indexerDefaults } from "../config.ts";
import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import {
  backoffDelay,
  DurableConsumerLoop,
  type ConsumedMessages,
  type DurableConsumerSpec,
  eventSignatureHeader,
  type EventVerifier,
  type Logger,
  openSearchIsAway,
  type ReleaseEventNames,
} from "@gazette/shared";
import { batches } from "./batches.ts";
import { sendToDeadLetters } from "./dead-letters.ts";
import type { IndexerMetrics } from "../indexer-metrics.ts";
import type { VersionedDocument, WriteOutcome } from "../index/index.ts";
import { decideEvent, type EventTrust } from "./release-handler.ts";

/** Writes a batch of documents; resolves with one outcome a document, or throws when nothing was written. */
export type DocumentWriter = (documents: readonly VersionedDocument[]) => Promise<WriteOutcome[]>;

export interface EventProcessorOptions {
  names: ReleaseEventNames;
  /** The keys release events must be signed with (none: development, unsigned events taken; ADR 0021). */
  verifier?: EventVerifier;
  durable: string;
  batchSize: number;
  flushMs: number;
  /** A batch goes as soon as no event has come for this long (a lone event is not held back). Default 20. */
  idleFlushMs?: number;
  /** Bulk requests in flight at once (external versions make their order irrelevant). Default: INDEXER_CONCURRENCY's. */
  concurrency?: number;
  /** Deliveries after which a document OpenSearch keeps rejecting goes to the dead letters. Default 5. */
  maxRejectedDeliveries?: number;
  /** Whether OpenSearch answers again, asked every `probeEveryMs` while it is away. */
  openSearchAnswers: () => Promise<boolean>;
  /** How often to ask while OpenSearch is away. Default 500. */
  probeEveryMs?: number;
}

/**
 * Redelivery delay: 1 s, doubling with each delivery, at most 5 s, so that everything is indexed within
 * seconds of OpenSearch coming back (a 60 s ceiling made recovery take a minute; ADR 0013).
 */
export function indexRetryDelayMs(deliveryCount: number): number {
  return backoffDelay(deliveryCount, { firstMs: 1000, maxMs: 5000 });
}

/**
 * Ack wait, and how often held events are reported in progress: a crashed indexer's events go to the
 * others (or to it, restarted) 6 s after its last report, not a minute later (ADR 0013).
 */
export const indexerAckWaitMs = 6000;
export const heartbeatMs = 2000;

/** The indexer's durable consumer of release events (shared by every indexer process of the same name). */
export function indexerConsumer(names: ReleaseEventNames, durable: string): DurableConsumerSpec {
  return {
    stream: names.stream,
    durable,
    filterSubject: `${names.subjectPrefix}.>`,
    ackWaitMs: indexerAckWaitMs,
    maxAckPending: 20_000,
  };
}

/**
 * The indexer's processor: pulls events from the durable consumer in batches, writes them with one
 * bulk request, and acks each message only after OpenSearch took its document.
 *
 * When OpenSearch is away (the request as a whole fails: refused, timed out, 502/503/504), the batch is
 * held in place (its messages reported in progress) while one probe asks every 0.5 s whether
 * OpenSearch answers, and written the moment it does: nothing waits out a redelivery backoff after
 * OpenSearch is back (the drills' 5 s goal, ADR 0013), and nothing hammers it while it is away. Other
 * failures are naked with a growing delay, so nothing is lost and nothing spins.
 */
export class EventProcessor {
  readonly #js: JetStreamClient;
  readonly #write: DocumentWriter;
  readonly #options: Required<Omit<EventProcessorOptions, "verifier">>;
  readonly #trust: EventTrust;
  readonly #logger: Logger;
  readonly #metrics: IndexerMetrics;
  readonly #loop: DurableConsumerLoop;
  #consecutiveFailures = 0;
  /** While OpenSearch is away: the probe every held batch waits on (true: it answers; false: stopping). */
  #openSearchBack: Promise<boolean> | undefined;
  readonly #stopping = new AbortController();

  constructor(
    js: JetStreamClient,
    write: DocumentWriter,
    options: EventProcessorOptions,
    logger: Logger,
    metrics: IndexerMetrics,
  ) {
    this.#js = js;
    this.#metrics = metrics;
    this.#write = write;
    const { verifier, ...rest } = options;
    this.#options = {
      maxRejectedDeliveries: 5,
      idleFlushMs: 20,
      concurrency: indexerDefaults.INDEXER_CONCURRENCY,
      probeEveryMs: 500,
      ...rest,
    };
    this.#trust = { names: options.names, ...(verifier === undefined ? {} : { verifier }) };
    this.#logger = logger;
    const target = {
      stream: options.names.stream,
      durable: options.durable,
      maxMessages: this.#options.batchSize * (this.#options.concurrency + 1),
      heartbeatMs,
    };
    this.#loop = new DurableConsumerLoop(js, target, (messages) => this.#consume(messages), logger);
  }

  start(): void {
    this.#loop.start();
  }

  /** Stops pulling, finishes the batch at hand (batches held for OpenSearch are naked for another process), and resolves when done. */
  async stop(): Promise<void> {
    // The subscription ends first (synchronously, in `stop()`), then held batches are naked: naked
    // while it was open, they would be redelivered to it and dropped with its buffer, back only after
    // the ack wait.
    const stopped = this.#loop.stop();
    this.#stopping.abort();
    await stopped;
  }

  /** Resolves true once OpenSearch answers a probe, false when stopping; every held batch shares one probe. */
  #untilOpenSearchAnswers(): Promise<boolean> {
    this.#openSearchBack ??= (async () => {
      const signal = this.#stopping.signal;
      const awaySince = performance.now();
      while (!signal.aborted) {
        await sleep(this.#options.probeEveryMs, undefined, { signal }).catch(() => undefined);
        if (signal.aborted) break;
        if (await this.#options.openSearchAnswers().catch(() => false)) {
          this.#logger.info(
            { awayMs: Math.round(performance.now() - awaySince) },
            "OpenSearch answers again: writing the held batches",
          );
          return true;
        }
      }
      return false;
    })().finally(() => {
      this.#openSearchBack = undefined;
    });
    return this.#openSearchBack;
  }

  /**
   * Up to `concurrency` batches are written at once (waiting on OpenSearch is most of a batch's time);
   * after a failure the next batch waits the backoff delay.
   */
  async #consume(messages: ConsumedMessages): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    try {
      for await (const batch of batches(
        messages,
        this.#options.batchSize,
        this.#options.flushMs,
        this.#options.idleFlushMs,
      )) {
        const task: Promise<void> = this.#processBatch(batch)
          .catch((error: unknown) =>
            this.#logger.error({ err: error }, "batch failed unexpectedly; its events will be redelivered"),
          )
          .finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= this.#options.concurrency) await Promise.race(inFlight);
        if (this.#consecutiveFailures > 0) await sleep(indexRetryDelayMs(this.#consecutiveFailures));
      }
    } finally {
      await Promise.all(inFlight);
    }
  }

  /** Keeps the event in the dead-letter stream, then acks it; if even that fails, it is redelivered later. */
  async #deadLetter(message: JsMsg, reason: string): Promise<void> {
    try {
      await sendToDeadLetters(this.#js, this.#options.names, message, reason);
      this.#logger.error({ seq: message.seq, subject: message.subject, reason }, "event sent to dead letters");
      this.#metrics.deadLetters.inc();
      message.ack();
    } catch (error) {
      this.#logger.warn({ err: error, seq: message.seq }, "could not store dead letter: will retry");
      message.nak(indexRetryDelayMs(message.info.deliveryCount));
    }
  }

  async #processBatch(messages: JsMsg[]): Promise<void> {
    const toWrite: { message: JsMsg; item: VersionedDocument; releaseId: string; eventType: string }[] = [];
    for (const message of messages) {
      if (message.info.deliveryCount > 1) this.#metrics.redelivered.inc();
      const decision = decideEvent(
        { subject: message.subject, data: message.data, signature: message.headers?.get(eventSignatureHeader) },
        this.#trust,
      );
      if (decision.action === "reject") {
        this.#metrics.rejectedEvents.inc({ kind: decision.kind });
        if (decision.kind === "forged" || decision.kind === "unsigned" || decision.kind === "misaddressed")
          this.#logger.error(
            { seq: message.seq, subject: message.subject, kind: decision.kind, reason: decision.reason },
            "release event refused: not ingest's (never indexed)",
          );
        await this.#deadLetter(message, decision.reason);
        continue;
      }
      toWrite.push({
        message,
        releaseId: decision.releaseId,
        eventType: decision.eventType,
        item: { document: decision.document, version: decision.version },
      });
    }
    if (toWrite.length === 0) return;

    const outcomes = await this.#writeHoldingWhileAway(toWrite);
    if (outcomes === undefined) return;

    toWrite.forEach(({ message, releaseId, eventType, item }, index) => {
      const outcome = outcomes[index] ?? { kind: "retry", reason: "missing outcome" };
      const log = { releaseId, version: item.version, event: eventType, seq: message.seq };
      switch (outcome.kind) {
        case "written":
          this.#logger.info(log, "indexed");
          this.#metrics.documentsIndexed.inc();
          message.ack();
          break;
        case "stale":
          this.#logger.info(log, "skipped: the index holds this or a newer version");
          this.#metrics.staleSkipped.inc();
          message.ack();
          break;
        case "retry":
          this.#logger.warn({ ...log, reason: outcome.reason }, "write failed: will retry");
          this.#metrics.failures.inc({ kind: "retry" });
          message.nak(indexRetryDelayMs(message.info.deliveryCount));
          break;
        case "rejected":
          this.#metrics.failures.inc({ kind: "rejected" });
          if (message.info.deliveryCount >= this.#options.maxRejectedDeliveries) {
            void this.#deadLetter(
              message,
              `OpenSearch rejected the document ${message.info.deliveryCount} times: ${outcome.reason}`,
            );
          } else {
            this.#logger.warn({ ...log, reason: outcome.reason }, "document rejected: will retry");
            message.nak(indexRetryDelayMs(message.info.deliveryCount));
          }
          break;
      }
    });
  }

  /**
   * Writes the batch; while OpenSearch is away, holds it and writes it again once OpenSearch answers.
   * Returns undefined when the batch was naked instead (another failure, or stopping while held).
   */
  async #writeHoldingWhileAway(toWrite: readonly { message: JsMsg; item: VersionedDocument }[]) {
    for (;;) {
      const started = performance.now();
      const endTimer = this.#metrics.bulkDuration.startTimer();
      let outcomes: WriteOutcome[];
      try {
        outcomes = await this.#write(toWrite.map((entry) => entry.item));
      } catch (error) {
        endTimer(); // the write's own time: a hold is not a slow write
        this.#metrics.failures.inc({ kind: "bulk" });
        this.#consecutiveFailures++;
        if (openSearchIsAway(error) && !this.#stopping.signal.aborted) {
          this.#logger.warn(
            { err: error, count: toWrite.length },
            "OpenSearch is away: holding the batch until it answers",
          );
          if (await this.#untilOpenSearchAnswers()) continue;
          this.#logger.info({ count: toWrite.length }, "stopping: held batch handed back for another process");
          for (const { message } of toWrite) message.nak();
          return undefined;
        }
        const delay = indexRetryDelayMs(this.#consecutiveFailures);
        this.#logger.warn(
          { err: error, count: toWrite.length, retryInMs: delay },
          "bulk write failed: events will be redelivered",
        );
        for (const { message } of toWrite) message.nak(delay);
        return undefined;
      }
      endTimer();
      this.#consecutiveFailures = 0;
      this.#logger.debug({ count: toWrite.length, ms: Math.round(performance.now() - started) }, "bulk write done");
      return outcomes;
    }
  }
}
