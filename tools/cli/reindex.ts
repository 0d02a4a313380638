import { parseArgs } from "node:util";
import { connect } from "nats";
import { z } from "zod";
import {
  commonConfigShape,
  createLogger,
  createOpenSearchClient,
  loadConfig,
  openSearchConfigShape,
} from "@gazette/shared";
import { reindex } from "../../services/indexer/src/reindex.ts";
import { releaseToDocument } from "../../services/indexer/src/release-presenter.ts";
import type { VersionedDocument } from "../../services/indexer/src/bulk-writer.ts";
import { releaseEventFor } from "../../services/ingest/src/release-events.ts";
import type { ReleaseRecord } from "../../services/ingest/src/release-store.ts";
import type { KV } from "nats";
import { startProgress } from "../progress/progress.ts";

const usage = "usage: npm run gazette -- reindex [--from records|stream] [--delete-old]";

/** Every release in ingest's bucket (the record of truth: a stored write is accepted, its event follows), as its document. */
async function* recordDocuments(kv: KV): AsyncGenerator<VersionedDocument> {
  // The key listing is read to its end first: it is a consumer of its own, which does not wait for us.
  const keys: string[] = [];
  for await (const key of await kv.keys()) keys.push(key);
  for (const key of keys) {
    const entry = await kv.get(key);
    if (entry === null || entry.operation !== "PUT") continue;
    const record = entry.json<ReleaseRecord>();
    yield { document: releaseToDocument(releaseEventFor(record)), version: record.release.version };
  }
}

/** `reindex`: a new index version from the record of truth (default) or a replay of the stream, then an atomic alias swap. */
export async function reindexCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { from: { type: "string", default: "records" }, "delete-old": { type: "boolean", default: false } },
  });
  if (values.from !== "records" && values.from !== "stream") {
    console.error(usage);
    return 2;
  }
  const config = loadConfig(
    { ...commonConfigShape, ...openSearchConfigShape, INGEST_RELEASES_BUCKET: z.string().default("releases") },
    process.env,
  );
  const logger = createLogger("gazette-reindex", config.LOG_LEVEL);
  const nats = await connect({ servers: config.NATS_URL.split(",") });
  const client = createOpenSearchClient(config.OPENSEARCH_URL);
  try {
    const js = nats.jetstream();
    const kv =
      values.from === "records" ? await js.views.kv(config.INGEST_RELEASES_BUCKET, { bindOnly: true }) : undefined;
    const jsm = await nats.jetstreamManager();
    // Records: one document per key; a stream replay: at most one per event so far.
    const total =
      kv === undefined ? (await jsm.streams.info(config.NATS_STREAM)).state.messages : (await kv.status()).values;
    const progress = startProgress({ label: `reindex: loading from ${values.from}`, unit: "documents", total });
    const report = await reindex({
      onLoadProgress: (loaded) => progress.update(loaded),
      client,
      alias: config.OPENSEARCH_INDEX,
      js,
      jsm,
      stream: config.NATS_STREAM,
      ...(kv === undefined ? {} : { load: () => recordDocuments(kv) }),
      deleteOld: values["delete-old"],
      logger,
    });
    progress.finish(`alias ${config.OPENSEARCH_INDEX} now on ${report.to}; ${report.caughtUp} caught up`);
    console.log(JSON.stringify(report));
    return 0;
  } finally {
    await nats.close();
    await client.close();
  }
}
