import { setTimeout as sleep } from "node:timers/promises";
import { readFileSync } from "node:fs";
import {
  connect,
  credsAuthenticator,
  NoRespondersError,
  RequestError,
  TimeoutError,
  type NatsConnection,
  type NodeConnectionOptions,
} from "@nats-io/transport-node";
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstream,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerInfo,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type StreamConfig,
  type StreamInfo,
} from "@nats-io/jetstream";
import { Kvm, type KV, type KvEntry } from "@nats-io/kv";
import type { Logger } from "pino";
import { backoffDelay } from "./backoff.ts";
import { duplicateWindowMs, type ReleaseEventNames } from "../contract/index.ts";

const nanos = (ms: number) => ms * 1_000_000;

/** How a client reaches NATS: the servers, and its credentials and TLS where the deployment has them. */
export interface NatsSettings {
  NATS_URL: string;
  NATS_CREDS_FILE?: string | undefined;
  NATS_TLS_CA_FILE?: string | undefined;
  NATS_TLS_CERT_FILE?: string | undefined;
  NATS_TLS_KEY_FILE?: string | undefined;
}

/** A credentials or certificate file that cannot be read: which variable names it, and why. */
export class NatsCredentialsError extends Error {
  constructor(variable: string, file: string, cause: unknown) {
    super(`cannot read ${variable} (${file}): ${(cause as Error).message}`, { cause });
    this.name = "NatsCredentialsError";
  }
}

function readSetting(variable: string, file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new NatsCredentialsError(variable, file, error);
  }
}

/** A URL with any user and password in it replaced by `***` (URLs reach logs and error messages). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, "$1***@");
}

/** `NATS_URL` with credentials removed from each server, for logs and messages. */
export const redactedServers = (servers: string) =>
  servers
    .split(",")
    .map((s) => redactUrl(s.trim()))
    .join(",");

/**
 * The connection options of `settings` for the user `inbox` names: its `.creds` (read now, so a bad
 * file fails at start, naming its variable), TLS against the given CA, and replies on an inbox prefix of
 * its own (`_INBOX_<user>`: the permissions of ADR 0021 let no one read another's replies).
 */
export function natsConnectionOptions(settings: NatsSettings, inbox: string): NodeConnectionOptions {
  const { NATS_CREDS_FILE: creds, NATS_TLS_CA_FILE: ca, NATS_TLS_CERT_FILE: cert, NATS_TLS_KEY_FILE: key } = settings;
  if ((cert === undefined) !== (key === undefined))
    throw new NatsCredentialsError(
      "NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE",
      cert ?? key ?? "",
      new Error("set both, or neither"),
    );
  const tls =
    ca === undefined && cert === undefined
      ? {}
      : {
          tls: {
            ...(ca === undefined ? {} : { ca: new TextDecoder().decode(readSetting("NATS_TLS_CA_FILE", ca)) }),
            ...(cert === undefined ? {} : { cert: new TextDecoder().decode(readSetting("NATS_TLS_CERT_FILE", cert)) }),
            ...(key === undefined ? {} : { key: new TextDecoder().decode(readSetting("NATS_TLS_KEY_FILE", key)) }),
          },
        };
  return {
    servers: settings.NATS_URL.split(",").map((s) => s.trim()),
    inboxPrefix: `_INBOX_${inbox}`,
    ...(creds === undefined ? {} : { authenticator: credsAuthenticator(readSetting("NATS_CREDS_FILE", creds)) }),
    ...tls,
  };
}

/**
 * Connects to NATS and keeps reconnecting for ever (a broker restart must never take a service down);
 * connection state changes are logged. `user` is the NATS user the service is (its inbox prefix).
 */
export async function connectNats(
  settings: NatsSettings,
  user: "ingest" | "indexer" | "feeds",
  logger: Logger,
): Promise<NatsConnection> {
  const connection = await connect({
    ...natsConnectionOptions(settings, user),
    name: `gazette-${user}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    waitOnFirstConnect: false,
    // No `new Error()` per request to keep the caller's stack: it was 8 % of ingest's CPU under load
    // (bench R1), and our errors name their operation anyway.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const status of connection.status()) {
      if (status.type === "ping") continue;
      logger.info({ nats: status.type, server: "server" in status ? status.server : undefined }, "nats status");
    }
  })();
  return connection;
}

/**
 * How long release events are kept. They are notices, not the record: every release's current state is
 * in ingest's record of truth, from which a lost index is rebuilt (ADR 0022); an indexer that was away
 * longer than this catches up with `npm run gazette -- reindex --from records`. 90 days.
 */
export const releaseEventsMaxAgeMs = 90 * 86_400_000;

/**
 * Creates the release event stream, or brings an existing one's settings up to date. Idempotent, so
 * every service calls it at start: file storage, `replicas` copies (NATS_REPLICAS), a duplicate
 * window that drops a re-published event with the same Nats-Msg-Id, and events kept 90 days (a
 * limit set when the stream is made; an existing stream's limits are the operators', ADR 0022).
 */
export async function ensureReleaseStream(
  jsm: JetStreamManager,
  names: ReleaseEventNames,
  replicas = 1,
): Promise<StreamInfo> {
  return ensureStream(jsm, {
    name: names.stream,
    num_replicas: replicas,
    max_age: nanos(releaseEventsMaxAgeMs),
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
 * Creates a stream, or brings an existing one's subjects, duplicate window, description and replicas up to date
 * (other settings of an existing stream are left as they are). Safe when several processes do it at
 * once: whichever loses the race to create finds the stream and updates it, once the stream answers
 * (on a cluster, one found a moment after another made it may have no leader yet: `untilJetStreamAnswers`).
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<StreamInfo> {
  return untilJetStreamAnswers(() => ensureStreamOnce(jsm, spec));
}

async function ensureStreamOnce(jsm: JetStreamManager, spec: StreamSpec): Promise<StreamInfo> {
  for (let attempt = 0; ; attempt++) {
    try {
      const existing = await jsm.streams.info(spec.name);
      refuseReplicasWithoutCluster(existing, spec.num_replicas);
      const changes = {
        subjects: spec.subjects,
        duplicate_window: spec.duplicate_window ?? existing.config.duplicate_window,
        description: spec.description ?? existing.config.description,
        num_replicas: spec.num_replicas ?? existing.config.num_replicas,
      };
      // Only a change is written: the services' NATS users may make a stream, not change one (ADR 0021).
      const current = existing.config;
      const unchanged =
        JSON.stringify([...current.subjects].sort()) === JSON.stringify([...changes.subjects].sort()) &&
        current.duplicate_window === changes.duplicate_window &&
        current.description === changes.description &&
        current.num_replicas === changes.num_replicas;
      if (unchanged) return existing;
      return await jsm.streams.update(spec.name, { ...existing.config, ...changes });
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
    }
    try {
      return await jsm.streams.add(spec);
    } catch (error) {
      if (attempt >= 2 || !apiErrorIs(error, streamNameInUse)) throw error;
    }
  }
}

/** JetStream's API error code for "stream name already in use" (another process created it first). */
const streamNameInUse = 10058;

/** Whether `error` is a JetStream API error with one of these codes (the client's typed errors, not their wording). */
export function apiErrorIs(error: unknown, ...codes: number[]): boolean {
  return error instanceof JetStreamApiError && codes.includes(error.code);
}

function isStreamNotFound(error: unknown): boolean {
  return apiErrorIs(error, JetStreamApiCodes.StreamNotFound);
}

/** More copies were asked of a stream than a server outside a cluster can keep (NATS_REPLICAS). */
export class ReplicasUnavailable extends Error {
  constructor(stream: string, replicas: number) {
    super(
      `NATS_REPLICAS is ${replicas}, but the NATS server holding ${stream} is not part of a cluster: it keeps one copy. Set NATS_REPLICAS=1 or connect to a cluster.`,
    );
    this.name = "ReplicasUnavailable";
  }
}

/**
 * A server outside a cluster refuses to create a stream with more than one replica, but (2.9) accepts
 * an update to more and then reports copies it does not keep: refused here, before the update.
 */
function refuseReplicasWithoutCluster(info: StreamInfo, replicas: number | undefined): void {
  if (replicas !== undefined && replicas > 1 && info.cluster?.name === undefined)
    throw new ReplicasUnavailable(info.config.name, replicas);
}

/** How a key-value bucket is kept: versions per key, an optional age limit, and copies (NATS_REPLICAS). */
export interface BucketOptions {
  history: number;
  /** Entries older than this are dropped, in ms. */
  ttl?: number;
  replicas: number;
}

/**
 * Opens a key-value bucket, creating it if needed; an existing bucket's replicas are brought to
 * `options.replicas` (the client alone would leave them as they were made). Safe from several
 * processes at once: resolves once the bucket answers a read.
 */
export async function openBucket(js: JetStreamClient, bucket: string, options: BucketOptions): Promise<KV> {
  // The bucket was made or found a moment before: a server that says its stream is not there has not
  // learnt of it yet (seen once in `npm test`, on the test's three-node cluster).
  return untilJetStreamAnswers(async () => {
    const kv = await new Kvm(js).create(bucket, {
      history: options.history,
      replicas: options.replicas,
      ...(options.ttl === undefined ? {} : { ttl: options.ttl }),
    });
    const jsm = await js.jetstreamManager();
    const info = await jsm.streams.info(kvStreamName(bucket));
    refuseReplicasWithoutCluster(info, options.replicas);
    if (info.config.num_replicas !== options.replicas)
      await jsm.streams.update(info.config.name, { ...info.config, num_replicas: options.replicas });
    await kv.get(probeKey);
    return kv;
  }, isStreamNotFound);
}

/** How long JetStream may take to answer about a bucket found, or just made. */
const jetStreamAnswersWithinMs = 30_000;
/** A key no caller writes: reading it asks the bucket's stream without touching an entry. */
const probeKey = "gazette-probe";

/**
 * `task` again while JetStream gives no answer (no responders, or none in time) or an error
 * `alsoWhile` says is passing, for at most `jetStreamAnswersWithinMs`. On a cluster, a process that
 * finds a bucket another made a moment before (two services starting at once) can ask before the
 * bucket's stream has a leader and replicas serving reads. Seen every time two processes opened the same new three-copy bucket at once; one of
 * the local cluster's two ingest processes exited at start for it.
 */
async function untilJetStreamAnswers<T>(
  task: () => Promise<T>,
  alsoWhile: (error: unknown) => boolean = () => false,
): Promise<T> {
  const started = Date.now();
  for (let failures = 1; ; failures++) {
    try {
      return await task();
    } catch (error) {
      const unanswered = noServerTookIt(error) || timedOut(error) || alsoWhile(error);
      if (!unanswered || Date.now() - started >= jetStreamAnswersWithinMs) throw error;
      await sleep(backoffDelay(failures, { firstMs: 50, maxMs: 1000 }));
    }
  }
}

/** Whether a request got no answer in time, following the error's causes. */
function timedOut(error: unknown): boolean {
  return someCause(error, (cause) => cause instanceof TimeoutError);
}

/** The stream that holds a JetStream key-value bucket's entries. */
export function kvStreamName(bucket: string): string {
  return `KV_${bucket}`;
}

/** The subjects of a key-value bucket's entries (a consumer of its stream filters on these). */
export function kvSubjects(bucket: string): string {
  return `$KV.${bucket}.>`;
}

/** A key's latest entry in a bucket, as `bucketEntries` reads it. */
export interface BucketEntry {
  key: string;
  /** The entry's sequence in the bucket's stream (its revision). */
  revision: number;
  /** When the server stored it. */
  created: Date;
  /** PUT: a value; DEL or PURGE: the key was deleted. */
  operation: "PUT" | "DEL" | "PURGE";
  value: Uint8Array;
}

/**
 * The latest entry of every key of a bucket, in one pass and in stream order: an ordered consumer
 * that delivers the last message per subject, stopped once nothing is pending, or once it is past the
 * stream's last message as of its start and has seen as many keys as the bucket had (while keys keep
 * being written faster than the caller reads, something is always pending: the pass never ended). One
 * consumer and a stream of messages (5,000 upstreams, a million releases), not one request per key;
 * memory: the keys seen. Each key is given at least once, each entry a value its key really had; writes
 * made during the pass may or may not be seen. When no message comes for `stallMs` while some are due
 * (a consumer placed on a replica that is not caught up delivered nothing for 30 s in a cluster drill),
 * the pass starts again on a new consumer, giving again only keys whose entry changed; after `attempts`
 * such passes it throws, with what the consumer reported.
 */
export async function* bucketEntries(
  js: JetStreamClient,
  bucket: string,
  options: { stallMs?: number; attempts?: number } = {},
): AsyncGenerator<BucketEntry> {
  const stream = kvStreamName(bucket);
  const jsm = await js.jetstreamManager();
  if ((await jsm.streams.info(stream)).state.messages === 0) return;
  const stallMs = options.stallMs ?? 30_000;
  const attempts = options.attempts ?? 3;
  /** Each key given, with the revision given: a pass started again skips what is unchanged. */
  const given = new Map<string, number>();
  for (let attempt = 1; ; attempt++) {
    const pass = yield* bucketPass(js, jsm, bucket, stallMs, given);
    if (pass.whole) return;
    if (attempt >= attempts)
      throw new Error(
        `bucket ${bucket}: no entry came for ${stallMs} ms while more were due, ${attempts} times ` +
          `(last pass: ${pass.seen} of ${pass.keysAtStart} keys, up to entry ${pass.lastDelivered} of ${pass.lastSeq}; ` +
          `the consumer reported: ${pass.reports.join(", ") || "nothing"})`,
      );
  }
}

interface BucketPassOutcome {
  whole: boolean;
  seen: number;
  keysAtStart: number;
  lastDelivered: number;
  lastSeq: number;
  /** What the consumer reported meanwhile (its status notifications), the last few. */
  reports: string[];
}

/** One pass of `bucketEntries` on its own ordered consumer; not whole when it stalled. */
async function* bucketPass(
  js: JetStreamClient,
  jsm: JetStreamManager,
  bucket: string,
  stallMs: number,
  given: Map<string, number>,
): AsyncGenerator<BucketEntry, BucketPassOutcome> {
  const stream = kvStreamName(bucket);
  const consumer = await js.consumers.get(stream, {
    deliver_policy: DeliverPolicy.LastPerSubject,
    // One subject as a string: a list needs NATS 2.10 (the machines here run 2.9).
    filter_subjects: kvSubjects(bucket),
  });
  const messages = await consumer.consume({ max_messages: 512 });
  const reports: string[] = [];
  void (async () => {
    for await (const status of messages.status()) {
      reports.push(status.type);
      if (reports.length > 8) reports.shift();
    }
  })();
  // Read after the consumer exists: every key's latest entry at its start is at or before its last
  // message, and it then had this many keys. An entry replaced before it was delivered comes again
  // later, after that message: the pass ends once it is past it and has seen as many keys.
  const { last_seq: lastSeq, num_subjects: keysAtStart = 0 } = (await jsm.streams.info(stream)).state;
  // Keys delivered in this pass: on the first, those given (no second set of a million keys); on a
  // pass started again, its own.
  const seenAgain = given.size === 0 ? undefined : new Set<string>();
  const seenCount = () => seenAgain?.size ?? given.size;
  // Counts only while waiting for the server, not while the caller works on an entry.
  const stall = stallGuard(() => messages.stop(), stallMs);
  const prefix = `$KV.${bucket}.`;
  let lastDelivered = 0;
  try {
    for await (const message of messages) {
      stall.pause();
      lastDelivered = message.seq;
      const operation = message.headers?.get("KV-Operation");
      const key = message.subject.slice(prefix.length);
      seenAgain?.add(key);
      if (given.get(key) !== message.seq) {
        given.set(key, message.seq);
        yield {
          key,
          revision: message.seq,
          created: new Date(Math.floor(message.info.timestampNanos / 1_000_000)),
          operation: operation === "DEL" || operation === "PURGE" ? operation : "PUT",
          value: message.data,
        };
      }
      // `pending` alone is not enough: under writes it reached 0 with keys still undelivered.
      if (seenCount() >= keysAtStart && (message.info.pending === 0 || message.seq >= lastSeq)) break;
      stall.rearm();
    }
    const outcome = { whole: true, seen: seenCount(), keysAtStart, lastDelivered, lastSeq, reports };
    if (!stall.stalled) return outcome;
    // Delivered up to the stream's last message: every key's latest entry came, the key count of
    // the start was off (seen once in a disaster drill); the pass is whole.
    const now = (await jsm.streams.info(stream)).state;
    return { ...outcome, whole: lastDelivered >= now.last_seq, lastSeq: now.last_seq };
  } finally {
    stall.pause();
    messages.stop();
  }
}

/** A timer that calls `stop` once nothing came for `stallMs` since it was (re)armed; `stalled` says whether it did. */
export interface StallGuard {
  readonly stalled: boolean;
  /** Nothing is awaited from the server now (the caller works on an entry). */
  pause(): void;
  /** Waiting for the server again: `stallMs` from now. */
  rearm(): void;
}

/** A stall guard, armed: the reading of a consumer that gets nothing for `stallMs` is stopped. */
export function stallGuard(stop: () => void, stallMs: number): StallGuard {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stalled = false;
  const guard: StallGuard = {
    get stalled() {
      return stalled;
    },
    pause: () => clearTimeout(timer),
    rearm() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        stop();
      }, stallMs);
    },
  };
  guard.rearm();
  return guard;
}

/** Whether no server took a request (no responders: JetStream is away), following the error's causes. */
export function noServerTookIt(error: unknown): boolean {
  return someCause(
    error,
    (cause) => cause instanceof NoRespondersError || (cause instanceof RequestError && cause.isNoResponders()),
  );
}

/** Whether the error, or an error it was caused by, passes `test`. */
function someCause(error: unknown, test: (cause: Error) => boolean): boolean {
  for (let current = error; current instanceof Error; current = current.cause) if (test(current)) return true;
  return false;
}

/** JetStream's API error codes for a write refused for want of room: the server's storage is full, or the stream's. */
const insufficientResources = 10023;
const storageResourcesExceeded = 10047;
const maximumBytesExceeded = 10054;

/** Whether a write was refused because JetStream has no room left (max_file_store or a stream's max_bytes reached). */
export function isStorageFull(error: unknown): boolean {
  return apiErrorIs(error, insufficientResources, storageResourcesExceeded, maximumBytesExceeded);
}

/** Whether a KV `update`/`create` failed because the entry changed since it was read (a compare-and-set conflict). */
export function isCasConflict(error: unknown): boolean {
  return apiErrorIs(error, JetStreamApiCodes.StreamWrongLastSequence, JetStreamApiCodes.StreamWrongLastSequenceUnknown);
}

/** A bucket that exists (made by the service that owns it), opened without creating or changing it. */
export function bindBucket(js: JetStreamClient, bucket: string): Promise<KV> {
  return new Kvm(js).open(bucket);
}

/** What a durable pull consumer is: explicit acks, every message of the stream from its start. */
export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubject: string;
  ackWaitMs: number;
  maxAckPending: number;
}

/**
 * Creates a durable pull consumer, or brings an existing one's ack wait and in-flight limit up to
 * date (what JetStream lets a consumer change). Any error but "not found" is the caller's: an
 * unreachable NATS is not mistaken for a missing consumer.
 */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<ConsumerInfo> {
  const wanted: Partial<ConsumerConfig> = { ack_wait: nanos(spec.ackWaitMs), max_ack_pending: spec.maxAckPending };
  let existing: ConsumerInfo | undefined;
  try {
    existing = await jsm.consumers.info(spec.stream, spec.durable);
  } catch (error) {
    if (!apiErrorIs(error, JetStreamApiCodes.ConsumerNotFound)) throw error;
  }
  if (existing === undefined) {
    return jsm.consumers.add(spec.stream, {
      ...wanted,
      durable_name: spec.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: spec.filterSubject,
    });
  }
  const current = existing.config;
  if (current.ack_wait === wanted.ack_wait && current.max_ack_pending === wanted.max_ack_pending) return existing;
  return jsm.consumers.update(spec.stream, spec.durable, wanted);
}

/**
 * Follows a key-value bucket: `take` gets every current entry, then every change (deletes included),
 * until `stop`. A watch that ends (the connection closed) is logged, not thrown.
 */
export async function followBucket(
  kv: KV,
  take: (entry: KvEntry) => void,
  logger: Logger,
  what: string,
): Promise<{ stop(): void }> {
  const watch = await kv.watch();
  void (async () => {
    for await (const entry of watch) take(entry);
  })().catch((error: unknown) => logger.warn({ err: error }, `${what}: watch ended`));
  return { stop: () => watch.stop() };
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

/**
 * After an interruption, subscribing again: 0.5 s, then longer while it keeps failing, at most 2 s;
 * each try asks for the consumer with a 2 s timeout (5 s by default). While NATS elects a consumer's
 * leader (4–9 s after its node died; the drills saw up to ~12 s) every try fails; with 5 s timeouts and
 * a backoff growing to 15 s the consumer was found again only 5–7 s after it had a leader (ADR 0013).
 */
const resubscribeBackoff = { firstMs: 500, maxMs: 2000 };
const consumerLookupTimeoutMs = 2000;

/** What a durable pull consumer delivers: an async iterable of messages that can be told to stop. */
export type ConsumedMessages = AsyncIterable<JsMsg> & { stop(): void };

/** How long one pull request lasts; its idle heartbeat is half of it. */
const pullExpiresMs = 5000;

/** Whether a message was acked, naked or terminated (nats.js keeps this on the message; `working()` leaves it unset). */
const finished = (message: JsMsg) => (message as JsMsg & { didAck?: boolean }).didAck === true;

/**
 * Pulls from a durable JetStream consumer until stopped, handing each subscription's messages to
 * `handle`; after an interruption (NATS restarting, the consumer briefly missing) it subscribes again
 * a second later (longer while it keeps failing). Used by the indexer's event processor and ingest's event relay.
 *
 * With `heartbeatMs`, every message handed out and not yet acked, naked or terminated is reported as
 * in progress (`working()`) that often, so the consumer's ack wait can be short: messages a crashed
 * process held are redelivered to the others after the ack wait, not after a long one (ADR 0013).
 */
export class DurableConsumerLoop {
  readonly #js: JetStreamClient;
  readonly #target: { stream: string; durable: string; maxMessages: number; heartbeatMs?: number };
  readonly #handle: (messages: ConsumedMessages) => Promise<void>;
  readonly #logger: Logger;
  readonly #held = new Set<JsMsg>();
  #heartbeat: NodeJS.Timeout | undefined;
  #stopping = false;
  #messages: ConsumedMessages | undefined;
  #running: Promise<void> | undefined;
  #interruptions = 0;
  #watchingReconnects: Promise<void> | undefined;
  #shortTimeoutJs: JetStreamClient | undefined;

  constructor(
    js: JetStreamClient,
    target: { stream: string; durable: string; maxMessages: number; heartbeatMs?: number },
    handle: (messages: ConsumedMessages) => Promise<void>,
    logger: Logger,
  ) {
    this.#js = js;
    this.#target = target;
    this.#handle = handle;
    this.#logger = logger;
  }

  /** Messages handed out and not finished yet. */
  get held(): number {
    return this.#held.size;
  }

  #beat(): void {
    for (const message of this.#held) {
      if (finished(message)) this.#held.delete(message);
      else message.working();
    }
  }

  /**
   * The subscription's messages, each remembered from the moment it arrives until finished (for the
   * heartbeat): they are read into a queue of ours as they come, so those waiting while the handler
   * is busy (its batches held for OpenSearch) are reported in progress too, not redelivered after
   * the ack wait. What the handler leaves unread when it stops reading is forgotten and naked.
   */
  #tracked(messages: ConsumedMessages): ConsumedMessages {
    const held = this.#held;
    const queue: JsMsg[] = [];
    let next = 0;
    let ended = false;
    let closed = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const pump = (async () => {
      try {
        for await (const message of messages) {
          if (closed) {
            message.nak();
            continue;
          }
          held.add(message);
          queue.push(message);
          wake?.();
        }
      } catch (error) {
        failure = error;
      } finally {
        ended = true;
        wake?.();
      }
    })();
    return {
      stop: () => messages.stop(),
      async *[Symbol.asyncIterator]() {
        try {
          for (;;) {
            if (next < queue.length) {
              const message = queue[next]!;
              next++;
              if (next > 1024 && next * 2 > queue.length) {
                queue.splice(0, next);
                next = 0;
              }
              yield message;
            } else if (ended) {
              await pump;
              if (failure !== undefined) throw failure;
              return;
            } else await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          closed = true;
          if (!ended) messages.stop();
          for (const message of queue.slice(next)) {
            held.delete(message);
            message.nak();
          }
          queue.length = 0;
        }
      },
    };
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  start(): void {
    const heartbeatMs = this.#target.heartbeatMs;
    if (heartbeatMs !== undefined && this.#heartbeat === undefined)
      this.#heartbeat = setInterval(() => this.#beat(), heartbeatMs);
    this.#running ??= this.#run();
    this.#watchingReconnects ??= this.#pullAgainOnReconnect();
  }

  /** The client's connection (nats.js keeps it on the JetStream client). */
  get #connection(): NatsConnection | undefined {
    return (this.#js as unknown as { nc?: NatsConnection }).nc;
  }

  /** A JetStream client whose API requests time out after `consumerLookupTimeoutMs`. */
  get #lookupJs(): JetStreamClient {
    const connection = this.#connection;
    this.#shortTimeoutJs ??=
      connection === undefined ? this.#js : jetstream(connection, { timeout: consumerLookupTimeoutMs });
    return this.#shortTimeoutJs;
  }

  /**
   * After the client reconnects (its server died), the pull it had open is gone. nats.js re-pulls once
   * it can read the consumer's info, waiting a whole pull expiry between tries while the cluster elects
   * new leaders: the drills saw consumers idle for 3–5 s after the node was back. Here the
   * subscription is made again at once, and 0.5–2 s apart while that fails (`resubscribeBackoff`).
   */
  async #pullAgainOnReconnect(): Promise<void> {
    const connection = this.#connection;
    if (connection === undefined) return;
    for await (const status of connection.status()) {
      if (this.#stopping) break;
      if (status.type !== "reconnect") continue;
      this.#logger.info({ durable: this.#target.durable, server: status.server }, "reconnected: pulling again");
      this.#messages?.stop();
    }
  }

  /** Stops pulling, lets the handler finish what it holds, and resolves when done. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#messages?.stop();
    await this.#running;
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    this.#held.clear();
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      try {
        const consumer = await this.#lookupJs.consumers.get(this.#target.stream, this.#target.durable);
        // Pulls that expire after 5 s (30 s by default): when the server holding a pull dies, the
        // client notices the missing heartbeats and pulls again within ~5 s, not 30 (ADR 0013: a
        // NATS node killed in a drill held the indexer back for 30.5 s).
        this.#messages = await consumer.consume({ max_messages: this.#target.maxMessages, expires: pullExpiresMs });
        // stop() may have come while this subscription was being made: it stopped nothing then.
        if (this.#stopping) {
          this.#messages.stop();
          break;
        }
        this.#interruptions = 0;
        await this.#handle(this.#target.heartbeatMs === undefined ? this.#messages : this.#tracked(this.#messages));
      } catch (error) {
        if (this.#stopping) break;
        this.#interruptions++;
        const delayMs = backoffDelay(this.#interruptions, resubscribeBackoff);
        this.#logger.warn(
          { err: error, durable: this.#target.durable, delayMs },
          "consumer interrupted: subscribing again",
        );
        await sleep(delayMs);
      }
    }
  }
}
