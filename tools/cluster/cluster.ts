/**
 * `npm run cluster`: the secured cluster topology (tools/cluster/local-cluster.ts) on this machine, the
 * services on free ports; writes where everything is to `.gazette/cluster/cluster.json` (the contract
 * outsiders' probes read: {"nats", "opensearch", "feeds", "ingest", "indexer", "edge", "secrets"});
 * Ctrl-C stops it all and removes its data, its secrets and that file.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startLocalCluster, type LocalCluster } from "./local-cluster.ts";

const log = (message: string) => console.error(`[gazette] ${message}`);
const root = join(import.meta.dirname, "..", "..");
const contractFile = join(root, ".gazette", "cluster", "cluster.json");

/** Where everything of the cluster is, as cluster.json says it. */
export function clusterContract(cluster: LocalCluster) {
  const urls = (service: string) => cluster.processes.filter((p) => p.service === service).map((p) => p.url);
  return {
    nats: cluster.nats.map((node) => node.url),
    opensearch: cluster.opensearch.map((node) => node.url),
    feeds: urls("feeds"),
    ingest: urls("ingest"),
    indexer: urls("indexer"),
    edge: [cluster.edge.feedsUrl],
    ingestEdge: [cluster.edge.ingestUrl],
    secrets: cluster.secrets.dir,
  };
}

if (import.meta.main) {
  const cluster = await startLocalCluster({ log });
  mkdirSync(join(root, ".gazette", "cluster"), { recursive: true });
  writeFileSync(contractFile, `${JSON.stringify(clusterContract(cluster), null, 2)}\n`);
  const stopAll = () =>
    void cluster.stop().then(() => {
      rmSync(contractFile, { force: true });
      process.exit(0);
    });
  process.once("SIGINT", stopAll);
  process.once("SIGTERM", stopAll);
  log(`cluster ready (NATS_REPLICAS=3, OPENSEARCH_SHARDS=3, OPENSEARCH_REPLICAS=1), secured (ADR 0021):
${cluster.describe()}
Where everything is: ${contractFile}. The publisher demo's key (made for this cluster, not demo-key) is in
${join(cluster.secrets.dir, "publisher-demo.key")}. Ctrl-C stops everything.`);
}
