import { join } from "node:path";
import { createOpenSearchClient, type OpenSearchClient } from "@gazette/shared";
import { provideInfrastructure, type Infrastructure } from "../tools/dev-stack/infrastructure.ts";

/** For a diagnostic script (`bench/*-cost.ts`): the OpenSearch tests use (found or started), and a client of it. */
export async function diagnosticOpenSearch(): Promise<{ infrastructure: Infrastructure; client: OpenSearchClient }> {
  const infrastructure = await provideInfrastructure({
    env: process.env,
    purpose: "test",
    log: console.error,
    root: join(import.meta.dirname, ".."),
  });
  return { infrastructure, client: createOpenSearchClient(infrastructure.opensearchUrl) };
}
