import { parseArgs } from "node:util";
import { connect } from "@nats-io/transport-node";
import { natsConnectionOptions } from "@gazette/shared";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { eventTrustOf, loadIndexerConfig, reindex } from "@gazette/indexer";
import { loadIngestConfig, openReleaseRecords } from "@gazette/ingest";
import { createLogger, createOpenSearchClient } from "@gazette/shared";
import { startProgress } from "../progress/progress.ts";
import { reindexHelp } from "./usage.ts";

/** `reindex`: a new index version from the record of truth (default) or a replay of the stream, then an atomic alias swap. */
export async function reindexCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: "string", default: "records" },
      "delete-old": { type: "boolean", default: false },
      // The report is JSON whether asked or not: accepted as every command accepts it.
      json: { type: "boolean", default: false },
    },
  });
  if (values.from !== "records" && values.from !== "stream") {
    process.stderr.write(`--from takes records or stream, not ${values.from}\n\n${reindexHelp}`);
    return 2;
  }
  // Each service's settings, validated by their owner: the indexer's index and stream, ingest's bucket.
  const config = loadIndexerConfig(process.env);
  const ingestConfig = loadIngestConfig(process.env);
  const logger = createLogger("gazette-reindex", config.LOG_LEVEL);
  const nats = await connect(natsConnectionOptions(config, "admin"));
  const client = createOpenSearchClient(config);
  try {
    const js = jetstream(nats);
    const jsm = await jetstreamManager(nats);
    const records = values.from === "records" ? await openReleaseRecords(js, ingestConfig) : undefined;
    // Records: one document per release; a stream replay: at most one per event so far.
    const total = records?.total ?? (await jsm.streams.info(config.NATS_STREAM)).state.messages;
    const progress = startProgress({ label: `reindex: loading from ${values.from}`, unit: "documents", total });
    const report = await reindex({
      onLoadProgress: (loaded) => progress.update(loaded),
      client,
      alias: config.OPENSEARCH_INDEX,
      js,
      jsm,
      trust: eventTrustOf(config),
      ...(records === undefined ? {} : { load: () => records.events() }),
      deleteOld: values["delete-old"],
      topology: { shards: config.OPENSEARCH_SHARDS, replicas: config.OPENSEARCH_REPLICAS },
      natsReplicas: config.NATS_REPLICAS,
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
