import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { commonConfigShape, ConfigError, configField, loadConfig, outboundConfigShape } from "@gazette/shared";

export const ingestConfigShape = {
  ...commonConfigShape,
  ...outboundConfigShape,
  /** HTTP port of the publisher API. Default 8081. */
  INGEST_PORT: configField.port(8081),
  /** JSON registry of publishers and their hashed API keys; unset: the development registry (demo / demo-key). */
  PUBLISHERS_FILE: z.string().min(1).optional(),
  /** JSON list of upstream feeds to poll for publishers that cannot push (docs/publishers.md, "the pull adapter"); unset: none. */
  INGEST_UPSTREAM_FEEDS_FILE: z.string().min(1).optional(),
  /** Most bytes of one upstream feed's body, counted after decompression. Default 20 MB. */
  INGEST_UPSTREAM_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  /** How long one upstream poll's request (headers and body) may take, in ms. Default 30000. */
  INGEST_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Most entries one poll of one upstream submits. Default 500. */
  INGEST_UPSTREAM_MAX_ITEMS: z.coerce.number().int().min(1).max(100_000).default(500),
  /** Polls in flight at most, all upstreams together. Default 8. */
  INGEST_UPSTREAM_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** Polls in flight (and connections open) at most to one host: www.gov.kz may serve every ministry of a country. Default 2. */
  INGEST_UPSTREAM_PER_HOST: z.coerce.number().int().min(1).max(64).default(2),
  /** No upstream is polled more often than this, whatever its intervalSeconds says. Default 60. */
  INGEST_UPSTREAM_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** The longest wait a server (max-age, Expires) or a feed (ttl, sy:updatePeriod) may ask between polls. Default 86400 (a day). */
  INGEST_UPSTREAM_MAX_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(31 * 86_400)
    .default(86_400),
  /** How upstream operators reach whoever runs this ingest (`https://…` or `mailto:…`), sent in the User-Agent. Default none. */
  INGEST_USER_AGENT_CONTACT: z
    .string()
    .regex(/^(?:https?:\/\/\S+|mailto:\S+@\S+)$/, "an https://… URL or a mailto:… address")
    .optional(),
  /** Worker threads that parse upstream documents. Default: one per core. */
  INGEST_PARSE_THREADS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /** Heap of each parse worker in MB: a document that needs more fails its poll only (a 25 MB feed needs 96). Default 128. */
  INGEST_PARSE_HEAP_MB: z.coerce.number().int().min(32).max(8192).default(128),
  /** How long one parse may take, from the moment a worker has it, in ms. Default 30000. */
  INGEST_PARSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /**
   * Ingest's Ed25519 private key (PKCS#8 PEM) that signs every release event, so the indexer indexes
   * nothing ingest did not send (ADR 0021). Unset: events go unsigned (development only; refused with
   * NODE_ENV=production). Only ingest may read this file.
   */
  INGEST_EVENT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** Where WebSub hubs reach this ingest (`<url>/websub/upstreams/…`); unset: upstream hubs are not subscribed to, feeds are polled only. */
  INGEST_PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** JetStream key-value bucket of the pull adapter's poll state (validators, outcomes, leases). Default `upstreams`. */
  INGEST_UPSTREAMS_BUCKET: configField.natsName("upstreams"),
  /** JetStream key-value bucket that holds the current state of every release. Default `releases`. */
  INGEST_RELEASES_BUCKET: configField.natsName("releases"),
  /** Requests each publisher may make a minute (all its keys together; a batch counts once). Default 600. */
  INGEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** How long to wait for JetStream to acknowledge an event, in ms. Default 5000. */
  INGEST_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
};

export type IngestConfig = ReturnType<typeof loadIngestConfig>;

const ingestVersion = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** What every request to an upstream says it is: Gazette, its version, and how to reach its operator. */
export function upstreamUserAgent(contact: string | undefined): string {
  return `Gazette/${ingestVersion} (pull adapter${contact === undefined ? "" : `; +${contact}`})`;
}

/** Validated, frozen ingest settings from the environment; throws ConfigError naming bad variables. */
export function loadIngestConfig(env: Record<string, string | undefined>) {
  const config = loadConfig(ingestConfigShape, env);
  if (env["NODE_ENV"] === "production") {
    const missing = [
      config.PUBLISHERS_FILE === undefined && {
        variable: "PUBLISHERS_FILE",
        message: "required in production: without a registry, ingest would take the public development key (demo-key)",
      },
      config.INGEST_EVENT_SIGNING_KEY_FILE === undefined && {
        variable: "INGEST_EVENT_SIGNING_KEY_FILE",
        message: "required in production: the indexer indexes only events ingest signed",
      },
    ].filter((problem) => problem !== false);
    if (missing.length > 0) throw new ConfigError(missing);
  }
  return config;
}

/** Every setting at its default: what code that takes settings falls back to (defaults live only in this module). */
export const ingestDefaults: IngestConfig = loadIngestConfig({});
