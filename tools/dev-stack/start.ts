/**
 * `npm start`: the whole local stack. Finds or starts NATS and OpenSearch (see infrastructure.ts),
 * starts indexer, ingest and feeds as child processes, waits until each is ready, and prints where
 * everything is. Ctrl-C stops the services, then whatever infrastructure this started.
 */
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { loadFeedsConfig } from "@gazette/feeds";
import { loadIndexerConfig } from "@gazette/indexer";
import { loadIngestConfig } from "@gazette/ingest";
import { provideInfrastructure } from "./infrastructure.ts";
import { serviceNames, spawnService, stopChild, waitReady } from "./services.ts";

const root = join(import.meta.dirname, "..", "..");
const log = (message: string) => console.error(`[gazette] ${message}`);

// Ports and the public URL as each service will read them (their config modules own the defaults).
const feedsConfig = loadFeedsConfig(process.env);
const ports = {
  feeds: String(feedsConfig.FEEDS_PORT),
  ingest: String(loadIngestConfig(process.env).INGEST_PORT),
  indexer: String(loadIndexerConfig(process.env).INDEXER_PORT),
};
const publicBaseUrl = feedsConfig.PUBLIC_BASE_URL;

log("finding or starting NATS and OpenSearch…");
const infrastructure = await provideInfrastructure({ env: process.env, purpose: "dev", log, root });
log(infrastructure.describe());

// The local stack lets WebSub callbacks and hubs be on this machine (off by default in services: ADR 0006).
const env = {
  OUTBOUND_ALLOW_PRIVATE: "true",
  ...process.env,
  NATS_URL: infrastructure.natsUrl,
  OPENSEARCH_URL: infrastructure.opensearchUrl,
  PUBLIC_BASE_URL: publicBaseUrl,
  FEEDS_PORT: ports.feeds,
  INGEST_PORT: ports.ingest,
  INDEXER_PORT: ports.indexer,
  INGEST_URL: process.env["INGEST_URL"] ?? `http://127.0.0.1:${ports.ingest}`,
};
const children = new Map<string, ChildProcess>();
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log("stopping…");
    await Promise.all([...children.values()].map(stopChild));
    await infrastructure.stop();
    log("stopped");
  }
  process.exit(exitCode);
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

for (const service of serviceNames) {
  const child = spawnService(service, env);
  children.set(service, child);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    log(`${service} exited (${signal ?? code}); stopping the stack`);
    void stopAll(1);
  });
}

await Promise.all(serviceNames.map((service) => waitReady(`http://127.0.0.1:${ports[service]}`)));
log(`ready:
  feeds    ${publicBaseUrl}/feeds/rss.xml · /feeds/atom.xml · /v1/search?q=…
  ingest   http://localhost:${ports.ingest}/v1/releases (development key: demo-key unless PUBLISHERS_FILE is set)
  indexer  http://localhost:${ports.indexer}/readyz
This stack is open on loopback, for development: no NATS or OpenSearch credentials, no TLS, unsigned
events. The secured one (accounts, TLS, signed events, a TLS edge) is \`npm run cluster\` and docker compose.
Ctrl-C stops everything this started.`);
