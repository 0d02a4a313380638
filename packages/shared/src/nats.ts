import { setTimeout as sleep } from "node:timers/promises";
import {
  connect,
  RetentionPolicy,
  StorageType,
  DiscardPolicy,
  type JetStreamClient,
  type JsMsg,
  type NatsConnection,
  type JetStreamManager,
  type StreamInfo,
  type StreamConfig,
} from "nats";
import type { Logger } from "pino";
import { duplicateWindowMs, type ReleaseEventNames } from "./events.ts";

const nanos = (ms: number) => ms * 1_000_000;

/**
 * Connects to NATS and keeps reconnecting for ever (a broker restart must never take a service down);
 * connection state changes are logged.
 */
export async function connectNats(servers: string, name: string, logger: Logger): Promise<NatsConnection> {
  const connection = await connect({
    servers: servers.split(",").map((s) => s.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    waitOnFirstConnect: false,
    // No `new Error()` per request to keep the caller's stack: it was 8 % of ingest's CPU under load
    // (bench R1), and our errors name their operation anyway.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const status of connection.status()) {
      if (status.type === "pingTimer") continue;
      logger.info(
        { nats: status.type, data: typeof status.data === "string" ? status.data : undefined },
        "nats status",
      );
    }
  })();
  return connection;
}

/**
 * Creates the release event stream, or brings an existing one's settings up to date. Idempotent, so
 * every service calls it at start: file storage, and a duplicate window that drops a re-published
 * event with the same Nats-Msg-Id.
 */
export async function ensureReleaseStream(jsm: JetStreamManager, names: ReleaseEventNames): Promise<StreamInfo> {
  return ensureStream(jsm, {
    name: names.stream,
    subjects: [`${names.subjectPrefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(duplicateWindowMs),
    description: "Gazette release events (published, updated, retracted)",
  });
}

/** What `ensureStream` needs: a name and subjects, plus any other stream settings. */
export type StreamSpec = Partial<StreamConfig> & { name: string; subjects: string[] };

/**
 * Creates a stream, or brings an existing one's subjects, duplicate window and description up to date
 * (other settings of an existing stream are left as they are). Safe when several processes do it at
 * once: whichever loses the race to create finds the stream and updates it.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<StreamInfo> {
  for (let attempt = 0; ; attempt++) {
    try {
      const existing = await jsm.streams.info(spec.name);
      const changes = {
        subjects: spec.subjects,
        duplicate_window: spec.duplicate_window ?? existing.config.duplicate_window,
        description: spec.description ?? existing.config.description,
      };
      return await jsm.streams.update(spec.name, { ...existing.config, ...changes });
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
    try {
      return await jsm.streams.add(spec);
    } catch (error) {
      if (attempt >= 2 || !/already in use/i.test(String((error as Error).message))) throw error;
    }
  }
}

function isStreamNotFound(error: unknown): boolean {
  const api = (error as { api_error?: { err_code?: number } }).api_error;
  return api?.err_code === 10059 || /stream not found/i.test(String((error as Error).message));
}

/** Whether NATS answers a round trip within `timeoutMs` (for /readyz). Default 2 s. */
export async function natsIsReachable(connection: NatsConnection, timeoutMs = 2000): Promise<boolean> {
  if (connection.isClosed()) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([connection.rtt().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** What a durable pull consumer delivers: an async iterable of messages that can be told to stop. */
export type ConsumedMessages = AsyncIterable<JsMsg> & { stop(): void };

/**
 * Pulls from a durable JetStream consumer until stopped, handing each subscription's messages to
 * `handle`; after an interruption (NATS restarting, the consumer briefly missing) it subscribes again
 * a second later. Used by the indexer's event processor and ingest's event relay.
 */
export class DurableConsumerLoop {
  readonly #js: JetStreamClient;
  readonly #target: { stream: string; durable: string; maxMessages: number };
  readonly #handle: (messages: ConsumedMessages) => Promise<void>;
  readonly #logger: Logger;
  #stopping = false;
  #messages: ConsumedMessages | undefined;
  #running: Promise<void> | undefined;

  constructor(
    js: JetStreamClient,
    target: { stream: string; durable: string; maxMessages: number },
    handle: (messages: ConsumedMessages) => Promise<void>,
    logger: Logger,
  ) {
    this.#js = js;
    this.#target = target;
    this.#handle = handle;
    this.#logger = logger;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  /** Stops pulling, lets the handler finish what it holds, and resolves when done. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#messages?.stop();
    await this.#running;
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      try {
        const consumer = await this.#js.consumers.get(this.#target.stream, this.#target.durable);
        this.#messages = await consumer.consume({ max_messages: this.#target.maxMessages });
        // stop() may have come while this subscription was being made: it stopped nothing then.
        if (this.#stopping) {
          this.#messages.stop();
          break;
        }
        await this.#handle(this.#messages);
      } catch (error) {
        if (this.#stopping) break;
        this.#logger.warn({ err: error, durable: this.#target.durable }, "consumer interrupted: subscribing again");
        await sleep(1000);
      }
    }
  }
}
