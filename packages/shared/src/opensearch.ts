import { Client } from "@opensearch-project/opensearch";

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
