import { z } from "zod";
import {
  commonConfigShape,
  ConfigError,
  configField,
  loadConfig,
  openSearchConfigShape,
  outboundConfigShape,
} from "@gazette/shared";

export const feedsConfigShape = {
  ...commonConfigShape,
  ...openSearchConfigShape,
  ...outboundConfigShape,
  /** WebSub subscriptions one callback host may hold. Default 50. */
  FEEDS_WEBSUB_MAX_PER_HOST: z.coerce.number().int().min(1).max(1_000_000).default(50),
  /** WebSub subscriptions the hub holds in all. Default 10000. */
  FEEDS_WEBSUB_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  /** (Un)subscription requests one client address may make a minute. Default 30. */
  FEEDS_WEBSUB_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Searches, suggestions, change listings and uncached search feeds one client address may ask for a minute. Default 300. */
  FEEDS_READ_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(300),
  /** Proxies whose X-Forwarded-For names the client (addresses or subnets, comma-separated; Express's "trust proxy"). Default none. */
  FEEDS_TRUSTED_PROXIES: configField.list,
  /** HTTP port of feeds, search and pages. Default 8080. */
  FEEDS_PORT: configField.port(8080),
  /** The longest a rendered feed is served from memory without news from the indexer, in ms. Default 30000. */
  FEEDS_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** The most bytes of rendered feeds kept in memory (all encodings counted). Default 256 MB. */
  FEEDS_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(64 * 1024 ** 3)
    .default(256 * 1024 * 1024),
  /** JetStream key-value bucket for WebSub subscriptions. Default `websub`. */
  FEEDS_WEBSUB_BUCKET: configField.natsName("websub"),
  /** Ingest's API, which the portal's report page asks with the ministry's key (`GET /v1/report`). Default `http://127.0.0.1:8081`. */
  INGEST_URL: configField.url("http://127.0.0.1:8081").transform((url) => url.replace(/\/+$/, "")),
  /** The public address of this service, for self links and release pages. Default `http://localhost:<FEEDS_PORT>`. */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .transform((url) => url?.replace(/\/+$/, "")),
};

export type FeedsConfig = ReturnType<typeof loadFeedsConfig>;

/** Validated, frozen feeds settings from the environment; throws ConfigError naming bad variables. */
export function loadFeedsConfig(env: Record<string, string | undefined>) {
  const config = loadConfig(feedsConfigShape, env);
  if (env["NODE_ENV"] === "production") refuseLocalBaseUrl(config.PUBLIC_BASE_URL);
  // Unset, the public base URL is this service on this machine, at the port it listens on.
  return Object.freeze({
    ...config,
    PUBLIC_BASE_URL: config.PUBLIC_BASE_URL ?? `http://localhost:${config.FEEDS_PORT}`,
  });
}

/** Every setting at its default: what code that takes settings falls back to (defaults live only in this module). */
export const feedsDefaults: FeedsConfig = loadFeedsConfig({});

/** Whether a URL's host is this machine (localhost, *.localhost, 127.0.0.0/8, ::1): no reader elsewhere can follow it. */
export function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "::1";
}

/**
 * In production feeds must say where readers reach them: every feed, page and WebSub link is built on
 * PUBLIC_BASE_URL, and a localhost one (the default) would send aggregators to their own machine.
 */
function refuseLocalBaseUrl(url: string | undefined): void {
  if (url !== undefined && !isLocalUrl(url)) return;
  throw new ConfigError([
    {
      variable: "PUBLIC_BASE_URL",
      message: `required in production, and not on this machine (${url ?? "unset: http://localhost:<FEEDS_PORT>"}): the public https:// address readers reach feeds at`,
    },
  ]);
}
