import { z } from "zod";
import {
  commonConfigShape,
  ConfigError,
  configField,
  EventVerifier,
  loadConfig,
  openSearchConfigShape,
} from "@gazette/shared";
import type { EventTrust } from "./consume/index.ts";

/** The largest batch the indexer writes (see INDEXER_BATCH_SIZE). */
export const maxBatchSize = 1000;

export const indexerConfigShape = {
  ...commonConfigShape,
  ...openSearchConfigShape,
  /** HTTP port for /healthz and /readyz. Default 8082. */
  INDEXER_PORT: configField.port(8082),
  /** Durable JetStream consumer name; every indexer process with the same name shares the work. Default `indexer`. */
  INDEXER_DURABLE: configField.natsName("indexer"),
  /**
   * Most events written in one `_bulk` request. Default 500, at most 1,000: a batch's story pass asks
   * for every signature band of its releases in one terms query (64 a release), and OpenSearch takes
   * at most 65,536 terms in one (`index.max_terms_count`).
   */
  INDEXER_BATCH_SIZE: z.coerce.number().int().min(1).max(maxBatchSize).default(500),
  /** Bulk requests in flight at once. Default 4. */
  INDEXER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** Primary shards of a new index (a change takes a reindex). Default 1; on a cluster, as many as data nodes. */
  OPENSEARCH_SHARDS: z.coerce.number().int().min(1).max(64).default(1),
  /** Copies of each shard on other nodes, applied at start (0 on one node; 1 or 2 on a cluster). Default 0. */
  OPENSEARCH_REPLICAS: z.coerce.number().int().min(0).max(8).default(0),
  /**
   * ingest's public key(s) that release events must be signed with (PEM, several for a rotation); an
   * event without a valid signature is never indexed (ADR 0021). Unset: events are not checked
   * (development only; refused with NODE_ENV=production).
   */
  INDEXER_EVENT_VERIFY_KEY_FILE: z.string().min(1).optional(),
  /** Longest wait to fill a batch before writing what has arrived, in ms (a batch also goes once the stream is quiet for 20 ms). Default 500. */
  INDEXER_FLUSH_MS: z.coerce.number().int().min(10).max(60_000).default(500),
};

export type IndexerConfig = ReturnType<typeof loadIndexerConfig>;

/** Validated, frozen indexer settings from the environment; throws ConfigError naming bad variables. */
export function loadIndexerConfig(env: Record<string, string | undefined>) {
  const config = loadConfig(indexerConfigShape, env);
  if (env["NODE_ENV"] === "production" && config.INDEXER_EVENT_VERIFY_KEY_FILE === undefined)
    throw new ConfigError([
      {
        variable: "INDEXER_EVENT_VERIFY_KEY_FILE",
        message: "required in production: without ingest's public key, forged release events would be indexed",
      },
    ]);
  return config;
}

/** Every setting at its default: what code that takes settings falls back to (defaults live only in this module). */
export const indexerDefaults: IndexerConfig = loadIndexerConfig({});

/** What delivered and replayed events are checked against: the stream's names and ingest's public keys. */
export function eventTrustOf(config: IndexerConfig): EventTrust {
  const names = { stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX };
  const file = config.INDEXER_EVENT_VERIFY_KEY_FILE;
  return file === undefined ? { names } : { names, verifier: EventVerifier.fromFile(file) };
}
