import { Readable } from "node:stream";
import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { eventSignatureHeader, type Logger, type OpenSearchClient, type ReleaseEvent } from "@gazette/shared";
import { bulkWriteInParts, rewriteDocuments, type VersionedDocument } from "./bulk-writer.ts";
import { StoryAssigner, type StoryPlan } from "../stories/index.ts";
import { indexLayoutVersion, releaseIndexTemplate, type IndexTopology } from "./index-template.ts";
import { aliasOf } from "./index-setup.ts";
import { decideEvent, type EventTrust } from "../consume/index.ts";
import { holdReindexLock } from "./reindex-lock.ts";
import { releaseToDocument } from "./release-presenter.ts";

const defaultBatchSize = 500;
/** A load's story passes refresh the new index before every tenth batch (and remember the rest). */
const refreshEveryPlans = 10;
/** Each batch goes as this many bulk requests at once (one write thread per request and shard). */
const writeParts = 2;

/** OpenSearch did not take some documents of a reindex batch: the new index is incomplete, the alias stays. */
export class ReindexWriteError extends Error {
  readonly failures: readonly string[];

  constructor(index: string, failures: readonly string[]) {
    super(`${failures.length} document(s) not taken by ${index}: ${failures.slice(0, 3).join("; ")}`);
    this.name = "ReindexWriteError";
    this.failures = failures;
  }
}

/**
 * Writes every document into `index` in bulk batches (of `batchSize`, default 500) at its external
 * version, each batch with its stories; throws if any is not taken.
 */
export async function writeAllDocuments(
  client: OpenSearchClient,
  index: string,
  documents: AsyncIterable<VersionedDocument>,
  onProgress: (written: number) => void = () => {},
  options: { requireAlias?: boolean; batchSize?: number } = {},
): Promise<number> {
  const { batchSize = defaultBatchSize, ...writeOptions } = options;
  let written = 0;
  let batch: VersionedDocument[] = [];
  // The batch before this one, being written while this one is planned; settled before the next write
  // starts (one write at a time, its rewrites after the batch before), and before every refresh.
  let writing: Promise<void> = Promise.resolve();
  // The index being loaded is not refreshed on its own (refresh_interval -1): the story passes refresh it,
  // remembering meanwhile what was written (or is being written) since.
  const stories = new StoryAssigner(client, index, { refreshEveryPlans, beforeRefresh: () => writing });
  const write = async (plan: StoryPlan) => {
    const outcomes = await bulkWriteInParts(client, index, plan.documents, writeParts, writeOptions);
    await rewriteDocuments(client, index, plan.rewrites);
    const failed = outcomes.flatMap((outcome, i) =>
      outcome.kind === "retry" || outcome.kind === "rejected"
        ? [`${plan.documents[i]!.document.id}: ${outcome.reason}`]
        : [],
    );
    if (failed.length > 0) throw new ReindexWriteError(index, failed);
    written += outcomes.filter((outcome) => outcome.kind === "written").length;
    onProgress(written);
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const plan = await stories.plan(batch);
    batch = [];
    stories.remember(plan.documents);
    stories.remember(plan.rewrites);
    await writing;
    writing = write(plan);
    // Awaited at the next flush or at the end; handled now, so a failure is not an unhandled rejection meanwhile.
    writing.catch(() => undefined);
  };
  // The next batch is read and presented while this one is written: a stream reads ahead to its mark.
  for await (const document of Readable.from(documents, { objectMode: true, highWaterMark: batchSize })) {
    batch.push(document as VersionedDocument);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await writing;
  return written;
}

/**
 * The documents of the events in the release stream from sequence `fromSeq` to `toSeq`, in order, each
 * checked as the indexer checks a delivered event (signature, subject): an event refused there is
 * refused here too, told to `onReject` (the dead letters have it) and skipped.
 */
export async function* streamDocuments(
  js: JetStreamClient,
  trust: EventTrust,
  fromSeq: number,
  toSeq: number,
  onReject: (seq: number, reason: string) => void = () => {},
): AsyncGenerator<VersionedDocument> {
  if (toSeq < fromSeq) return;
  const consumer = await js.consumers.get(trust.names.stream, {
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: fromSeq,
  });
  const messages = await consumer.consume();
  try {
    for await (const message of messages) {
      const decision = decideEvent(
        { subject: message.subject, data: message.data, signature: message.headers?.get(eventSignatureHeader) },
        trust,
      );
      if (decision.action === "index") yield { document: decision.document, version: decision.version };
      else onReject(message.seq, decision.reason);
      if (message.seq >= toSeq) break;
    }
  } finally {
    messages.stop();
  }
}

/** Releases as the indexer writes them: each as its document, at its version. */
async function* eventDocuments(events: AsyncIterable<ReleaseEvent>): AsyncGenerator<VersionedDocument> {
  for await (const event of events) yield { document: releaseToDocument(event), version: event.version };
}

export interface ReindexOptions {
  client: OpenSearchClient;
  alias: string;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The release stream, and the keys its events are checked with (a replay trusts no more than the indexer). */
  trust: EventTrust;
  /** Every release to load, e.g. from ingest's record of truth; undefined: replay the whole stream. */
  load?: () => AsyncIterable<ReleaseEvent>;
  deleteOld?: boolean;
  logger: Logger;
  /** Shards and replicas of the new index (OPENSEARCH_SHARDS, OPENSEARCH_REPLICAS). Default: one node. */
  topology?: IndexTopology;
  /** Told the number of documents loaded so far, after each batch of the load. */
  onLoadProgress?: (loaded: number) => void;
  /** Copies of the `locks` bucket (NATS_REPLICAS). Default 1. */
  natsReplicas?: number;
}

export interface ReindexReport {
  from: string[];
  to: string;
  loaded: number;
  caughtUp: number;
}

const lastSequence = async (jsm: JetStreamManager, stream: string) => (await jsm.streams.info(stream)).state.last_seq;

/**
 * Builds a new index version and moves the alias to it in one atomic step, while search keeps
 * reading the old one: (1) note the stream's position, (2) load everything into the new index,
 * (3) replay the events that came meanwhile, (4) swap the alias, (5) replay what came during the
 * swap. External versions make every replayed event that is already there a no-op.
 */
export async function reindex(options: ReindexOptions): Promise<ReindexReport> {
  // One at a time per alias: two would each move the alias, leaving it on both new indices.
  const lock = await holdReindexLock(options.js, options.alias, `pid ${process.pid}`, options.natsReplicas);
  try {
    return await reindexHeld(options);
  } finally {
    await lock.release();
  }
}

async function reindexHeld(options: ReindexOptions): Promise<ReindexReport> {
  const { client, alias, js, jsm, trust, logger } = options;
  const stream = trust.names.stream;
  const refused = (seq: number, reason: string) =>
    logger.error({ seq, reason }, "reindex: a release event refused (not indexed)");
  const template = releaseIndexTemplate(alias, options.topology);
  await client.indices.putIndexTemplate({ name: `${alias}-template`, body: template as never });
  const aliased = await client.indices.getAlias(aliasOf(alias)).then(
    (response) => Object.keys(response.body as object),
    () => [] as string[],
  );
  const target = `${alias}-v${indexLayoutVersion}-${new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, "")
    .slice(0, 17)}`;
  const startSeq = (await lastSequence(jsm, stream)) + 1;
  // Loaded without copies and without refreshes (each copy would index every document again); both come after.
  await client.indices.create({
    index: target,
    body: { settings: { refresh_interval: "-1", number_of_replicas: 0 } } as never,
  });
  logger.info(
    { from: aliased, to: target, source: options.load === undefined ? "stream" : "records" },
    "reindex: loading",
  );

  const loaded = await writeAllDocuments(
    client,
    target,
    options.load === undefined ? streamDocuments(js, trust, 1, startSeq - 1, refused) : eventDocuments(options.load()),
    options.onLoadProgress,
  );
  let nextSeq = startSeq;
  const catchUp = async () => {
    const until = await lastSequence(jsm, stream);
    const written = await writeAllDocuments(client, target, streamDocuments(js, trust, nextSeq, until, refused));
    nextSeq = until + 1;
    return written;
  };
  let caughtUp = await catchUp();
  await client.indices.putSettings({
    index: target,
    body: {
      index: {
        refresh_interval: template.template.settings.refresh_interval,
        number_of_replicas: template.template.settings.number_of_replicas,
      },
    } as never,
  });
  await client.indices.refresh({ index: target });

  const actions = [
    ...aliased.map((index) => ({ remove: { index, alias } })),
    { add: { index: target, alias, is_write_index: true } },
  ];
  await client.indices.updateAliases({ body: { actions } as never });
  logger.info({ alias, to: target }, "reindex: alias swapped");
  caughtUp += await catchUp();
  if (options.deleteOld === true && aliased.length > 0) await client.indices.delete({ index: aliased.join(",") });
  return { from: aliased, to: target, loaded, caughtUp };
}
