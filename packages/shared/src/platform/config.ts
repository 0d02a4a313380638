import { z } from "zod";

/** A setting is wrong: names each variable and what is wrong with it. Thrown at start-up only. */
export class ConfigError extends Error {
  readonly problems: readonly { variable: string; message: string }[];

  constructor(problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const url = (fallback: string) => z.url().default(fallback);
/** A NATS name: a stream, a key-value bucket or a durable consumer (letters, digits, `_` and `-`). */
const natsName = (fallback: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only")
    .default(fallback);

/** Variables every service reads. Each entry's default is the value used when the variable is unset. */
export const commonConfigShape = {
  /** NATS server(s), comma-separated (`tls://…` where the servers require TLS). Default `nats://127.0.0.1:4222`. */
  NATS_URL: z.string().min(1).default("nats://127.0.0.1:4222"),
  /** This service's NATS user: a `.creds` file (its JWT and seed; `npm run gazette -- secrets init` makes them). Default none (an open NATS, development only). */
  NATS_CREDS_FILE: z.string().min(1).optional(),
  /** The CA that signed the NATS servers' certificates (TLS on, the servers checked against it). Default none. */
  NATS_TLS_CA_FILE: z.string().min(1).optional(),
  /** A client certificate, where the servers ask for one (with NATS_TLS_KEY_FILE). Default none. */
  NATS_TLS_CERT_FILE: z.string().min(1).optional(),
  /** The client certificate's key (with NATS_TLS_CERT_FILE). Default none. */
  NATS_TLS_KEY_FILE: z.string().min(1).optional(),
  /** JetStream stream of release events. Default `RELEASES`. */
  NATS_STREAM: natsName("RELEASES"),
  /** Subject prefix of release events. Default `gazette.releases`. */
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/)
    .default("gazette.releases"),
  /**
   * Copies JetStream keeps of every stream and key-value bucket Gazette makes: 1 on a single server,
   * 3 on a cluster (ADR 0013). Applied at start to existing ones too (the cluster moves the data).
   * Default 1.
   */
  NATS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** JetStream KV bucket where ingest mirrors publishers' names (ids and names only, never keys) for feeds. Default `publishers`. */
  PUBLISHERS_BUCKET: natsName("publishers"),
  /** JetStream KV bucket of the publishers' delivery reports: counts per publisher and day (ADR 0017). Default `reports`. */
  REPORTS_BUCKET: natsName("reports"),
  /** How often each process adds what it counted to the delivery reports, in ms. Default 10000. */
  REPORT_FLUSH_MS: z.coerce.number().int().min(50).max(600_000).default(10_000),
  /** The address the service listens on. Default `127.0.0.1` (the container images set `0.0.0.0`). */
  HOST: z.string().min(1).default("127.0.0.1"),
  /** pino level. Default `info`. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
} as const;

export const openSearchConfigShape = {
  /** OpenSearch base URL, or the nodes of a cluster comma-separated (requests go round them). Default `http://127.0.0.1:9200`. */
  OPENSEARCH_URL: z
    .string()
    .default("http://127.0.0.1:9200")
    .refine(
      (value) => value.split(",").every((part) => z.url().safeParse(part.trim()).success),
      "one URL, or several separated by commas",
    ),
  /** The OpenSearch user this service signs in as (with OPENSEARCH_PASSWORD_FILE). Default none (an open OpenSearch, development only). */
  OPENSEARCH_USERNAME: z.string().min(1).optional(),
  /** A file holding that user's password (never the password itself in the environment). Default none. */
  OPENSEARCH_PASSWORD_FILE: z.string().min(1).optional(),
  /** The CA that signed the OpenSearch nodes' certificates (`https://` URLs are checked against it). Default none. */
  OPENSEARCH_CA_FILE: z.string().min(1).optional(),
  /** Alias that feeds read and the indexer writes through. Default `releases`. */
  OPENSEARCH_INDEX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/)
    .default("releases"),
} as const;

const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .default(fallback ? "true" : "false")
    .transform((value) => value === "true" || value === "1");
const list = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== ""),
  );

/**
 * Requests to addresses a stranger chose (WebSub callbacks and hubs) may reach only public addresses,
 * unless these say otherwise (ADR 0006).
 */
export const outboundConfigShape = {
  /** Allow loopback and private addresses (tests, the local stack). Default false. */
  OUTBOUND_ALLOW_PRIVATE: flag(false),
  /** Origins that may be private all the same, comma-separated (`http://hub.intranet:8080`). Default none. */
  OUTBOUND_ALLOWED_ORIGINS: list.pipe(z.array(z.url().transform((url) => new URL(url).origin))),
} as const;

export const configField = { port, url, flag, list, natsName };

/**
 * Reads the variables a schema names from `env`, applies defaults, validates, and returns a frozen
 * object. Empty strings count as unset. Throws ConfigError naming every bad variable.
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: Record<string, string | undefined>,
): Readonly<z.output<z.ZodObject<Shape>>> {
  const picked: Record<string, string | undefined> = {};
  for (const name of Object.keys(shape)) {
    const value = env[name];
    picked[name] = value === "" ? undefined : value;
  }
  const result = z.object(shape).safeParse(picked);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? "?"), message: issue.message })),
    );
  }
  return Object.freeze(result.data);
}
