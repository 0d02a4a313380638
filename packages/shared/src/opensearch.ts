import { Client, errors } from "@opensearch-project/opensearch";

export type { Client as OpenSearchClient } from "@opensearch-project/opensearch";

/** OpenSearch client with bounded request time and retries of connection failures. */
export function createOpenSearchClient(url: string): Client {
  // Several nodes (a cluster): requests go round them, and a node that fails is left out for a while.
  const nodes = url.split(",").map((node) => node.trim());
  return new Client({ nodes, requestTimeout: 30_000, maxRetries: 2 });
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
