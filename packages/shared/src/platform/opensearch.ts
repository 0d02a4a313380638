import { readFileSync } from "node:fs";
import { Client, errors } from "@opensearch-project/opensearch";

export type { Client as OpenSearchClient } from "@opensearch-project/opensearch";

/** How a client reaches OpenSearch: the nodes, and its user and the CA where the security plugin is on. */
export interface OpenSearchSettings {
  OPENSEARCH_URL: string;
  OPENSEARCH_USERNAME?: string | undefined;
  OPENSEARCH_PASSWORD_FILE?: string | undefined;
  OPENSEARCH_CA_FILE?: string | undefined;
}

/** A password or CA file that cannot be read, or a user without a password: which variable, and why. */
export class OpenSearchCredentialsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "OpenSearchCredentialsError";
  }
}

function readSetting(variable: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new OpenSearchCredentialsError(`cannot read ${variable} (${file}): ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * OpenSearch client with bounded request time and retries of connection failures; with
 * OPENSEARCH_USERNAME, it signs in (the password read from OPENSEARCH_PASSWORD_FILE, never from the
 * environment or the URL), and with OPENSEARCH_CA_FILE it checks the nodes' certificates against that CA.
 */
export function createOpenSearchClient(settings: OpenSearchSettings | string): Client {
  const given = typeof settings === "string" ? { OPENSEARCH_URL: settings } : settings;
  // Several nodes (a cluster): requests go round them, and a node that fails is left out for a while.
  const nodes = given.OPENSEARCH_URL.split(",").map((node) => node.trim());
  const username = given.OPENSEARCH_USERNAME;
  if ((username === undefined) !== (given.OPENSEARCH_PASSWORD_FILE === undefined))
    throw new OpenSearchCredentialsError("set OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD_FILE together, or neither");
  const auth =
    username === undefined
      ? {}
      : {
          auth: { username, password: readSetting("OPENSEARCH_PASSWORD_FILE", given.OPENSEARCH_PASSWORD_FILE!).trim() },
        };
  const ssl =
    given.OPENSEARCH_CA_FILE === undefined
      ? {}
      : { ssl: { ca: readSetting("OPENSEARCH_CA_FILE", given.OPENSEARCH_CA_FILE), rejectUnauthorized: true } };
  return new Client({ nodes, requestTimeout: 30_000, maxRetries: 2, ...auth, ...ssl });
}

/** Whether OpenSearch answers at all (for /readyz). */
export async function openSearchIsReachable(client: Client): Promise<boolean> {
  try {
    const response = await client.cluster.health({ timeout: "2s" }, { requestTimeout: 3000, maxRetries: 0 });
    return response.statusCode === 200;
  } catch {
    return false;
  }
}

/**
 * Whether OpenSearch answers and the index's primary shards are active (health yellow or green): a node
 * that has just started answers before its shards are recovered, and a write then fails item by item
 * (`unavailable_shards_exception`). A user not allowed to ask an index's health (403), or an index not
 * there yet (404), counts as answering, as the plain check does.
 */
export async function openSearchIndexIsWritable(client: Client, index: string): Promise<boolean> {
  if (!(await openSearchIsReachable(client))) return false;
  try {
    const response = await client.cluster.health(
      { index, wait_for_status: "yellow", timeout: "2s" },
      { requestTimeout: 3000, maxRetries: 0 },
    );
    const body = response.body as { timed_out?: boolean; status?: string };
    return body.timed_out !== true && body.status !== "red";
  } catch (error) {
    const status = (error as { statusCode?: number; meta?: { statusCode?: number } }).meta?.statusCode;
    // The health API answers 408 when the status was not reached in time.
    return status === 403 || status === 404;
  }
}

/**
 * Whether a failed request says OpenSearch is away (not running, not reachable, timing out, or
 * answering 502/503/504 as a node does while it starts or loses its cluster), as against refusing
 * this particular request: worth waiting for it to answer again and trying the same request then.
 */
export function openSearchIsAway(error: unknown): boolean {
  if (
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError
  )
    return true;
  return error instanceof errors.ResponseError && [502, 503, 504].includes(error.statusCode ?? 0);
}
