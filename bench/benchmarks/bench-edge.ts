import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEdge, type Edge } from "../../tools/cluster/edge.ts";
import { ensureSecrets, type Secrets } from "../../tools/secrets/secrets.ts";
import type { BenchContext } from "../context.ts";

/**
 * Runs `use` with the TLS edge of `npm run cluster` (tools/cluster/edge.ts) in front of the bench's feeds
 * and ingest, its certificate's CA at hand; stops it and removes its files after.
 */
export async function withBenchEdge<T>(
  ctx: BenchContext,
  use: (edge: Edge, tls: { secrets: Secrets; ca: Buffer }) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "gazette-bench-edge-"));
  try {
    const secrets = await ensureSecrets(join(dir, "secrets"));
    const edge = await startEdge({
      dir: join(dir, "edge"),
      secrets,
      feeds: [ctx.stack.urls.feeds],
      ingest: [ctx.stack.urls.ingest],
    });
    try {
      return await use(edge, { secrets, ca: await readFile(secrets.caFile) });
    } finally {
      await edge.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
