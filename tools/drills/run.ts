/**
 * `npm run drills`: the single-node drills on a stack of their own, then the local cluster
 * (tools/cluster) and every cluster drill, each under load;
 * prints the table and writes bench/results/drills.json and drills.md. Exits 1 when any drill lost a
 * release or answered a 5xx other than 503 with Retry-After.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startLocalCluster } from "../cluster/local-cluster.ts";
import { currentNatsServer } from "../cluster/nats-server-binary.ts";
import { clusterDrillNames, drillTable, runClusterDrill } from "./cluster-drills.ts";
import type { DrillResult } from "./drill-load.ts";
import { singleNodeDrillNames, startSingleNodeStack } from "./single-node-drills.ts";

const log = (message: string) => console.error(`[drills] ${message}`);
const results: DrillResult[] = [];
let exitCode = 0;
const record = (result: DrillResult) => {
  log(JSON.stringify(result));
  results.push(result);
};
const natsServer = currentNatsServer(log);
const single = await startSingleNodeStack(log, natsServer);
try {
  for (const drill of singleNodeDrillNames) {
    log(`single node: ${drill}…`);
    record({ ...(await single.run(drill, log)), drill: `single node: ${drill}` });
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await single.stop();
}
const cluster = await startLocalCluster({ log, natsServer });
try {
  for (const drill of clusterDrillNames) {
    log(`${drill}…`);
    record({ ...(await runClusterDrill(cluster, drill, log)), drill: `cluster: ${drill}` });
  }
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cluster.stop();
}
const table = drillTable(results);
console.log(table);
const dir = join(import.meta.dirname, "..", "..", "bench", "results");
await mkdir(dir, { recursive: true });
const at = new Date().toISOString();
await writeFile(join(dir, "drills.json"), `${JSON.stringify({ at, natsServer, results }, null, 2)}\n`);
await writeFile(
  join(dir, "drills.md"),
  `# Fault drills, ${at}\n\nA single-node stack (one NATS, one OpenSearch, one ingest, two indexers, one feeds), then the local cluster (npm run cluster). nats-server ${natsServer.version} (${natsServer.origin})${natsServer.syncAlways ? " with sync_interval: always" : ", which knows no sync_interval"}.\n\n${table}\n`,
);
if (results.some((r) => r.lost > 0 || r.badServerErrors > 0)) exitCode = 1;
process.exit(exitCode);
