/**
 * `npm run cluster`: the cluster topology (tools/cluster/local-cluster.ts) on this machine, with the
 * services on free ports; prints where everything is; Ctrl-C stops it all and removes its data.
 */
import { startLocalCluster } from "./local-cluster.ts";

const log = (message: string) => console.error(`[gazette] ${message}`);
const cluster = await startLocalCluster({ log });
const stopAll = () => void cluster.stop().then(() => process.exit(0));
process.once("SIGINT", stopAll);
process.once("SIGTERM", stopAll);
log(`cluster ready (NATS_REPLICAS=3, OPENSEARCH_SHARDS=3, OPENSEARCH_REPLICAS=1):
${cluster.describe()}
Ingest takes the development key (demo-key) unless PUBLISHERS_FILE is set. Ctrl-C stops everything.`);
