import { z } from "zod";
import { commonConfigShape, configField, loadConfig, openSearchConfigShape } from "@gazette/shared";

const feedsConfigShape = {
  ...commonConfigShape,
  ...openSearchConfigShape,
  /** HTTP port of feeds, search and pages. Default 8080. */
  FEEDS_PORT: configField.port(8080),
  /** The longest a rendered feed is served from memory without news from the indexer, in ms. Default 30000. */
  FEEDS_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** JetStream key-value bucket for WebSub subscriptions. Default `websub`. */
  FEEDS_WEBSUB_BUCKET: z.string().regex(/^[A-Za-z0-9_-]+$/).default("websub"),
  /** The public address of this service, for self links and release pages. Default `http://localhost:8080`. */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .default("http://localhost:8080")
    .transform((url) => url.replace(/\/+$/, "")),
};

export type FeedsConfig = ReturnType<typeof loadFeedsConfig>;

/** Validated, frozen feeds settings from the environment; throws ConfigError naming bad variables. */
export function loadFeedsConfig(env: Record<string, string | undefined>) {
  return loadConfig(feedsConfigShape, env);
}
