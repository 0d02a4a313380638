/**
 * `npm run drills`: the single-node drills on a stack of their own, then the local cluster
 * (tools/cluster) and every cluster drill, each under load, then the disaster drills on it (a backup,
 * the loss of every NATS store or of the release bucket, a restore);
 * prints the table and writes bench/results/drills.json and drills.md. Exits 1 when any drill lost a
 * release or answered a 5xx other than 503 with Retry-After.
 *
 * `npm run drills -- --only leader --repeat 5` runs only the drills whose name contains "leader"
 * (case-insensitive; the option may be given several times), each five times in a row: recovery
 * times spread widely on a 2-core machine, so one run of a drill says little. Such a run writes
 * bench/results/drills-only.json and .md and leaves the full run's results alone.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startLocalCluster } from "../cluster/local-cluster.ts";
import { currentNatsServer } from "../cluster/nats-server-binary.ts";
import { clusterDrillNames, drillTable, runClusterDrill } from "./cluster-drills.ts";
import type { DrillResult } from "./drill-load.ts";
import { disasterDrillNames, disasterTable, runDisasterDrill, type DisasterDrillResult } from "./disaster-drills.ts";
import { singleNodeDrillNames, startSingleNodeStack } from "./single-node-drills.ts";

const { values: options } = parseArgs({
  options: { only: { type: "string", multiple: true }, repeat: { type: "string", default: "1" } },
});
const repeat = Number(options.repeat);
if (!Number.isInteger(repeat) || repeat < 1) {
  console.error(`--repeat takes a whole number of runs (1 or more), not ${options.repeat}`);
  process.exit(2);
}
const only = (options.only ?? []).map((part) => part.toLowerCase());
const chosen = <T extends string>(names: readonly T[]) =>
  names.filter((name) => only.length === 0 || only.some((part) => name.toLowerCase().includes(part)));
const singleNodeDrills = chosen(singleNodeDrillNames);
const clusterDrills = chosen(clusterDrillNames);
const disasterDrills = chosen(disasterDrillNames);
if (singleNodeDrills.length + clusterDrills.length + disasterDrills.length === 0) {
  console.error(
    `no drill's name contains ${only.map((part) => `"${part}"`).join(" or ")}; the drills are: ${[...singleNodeDrillNames, ...clusterDrillNames, ...disasterDrillNames].join("; ")}`,
  );
  process.exit(2);
}

const log = (message: string) => console.error(`[drills] ${message}`);
const results: DrillResult[] = [];
let exitCode = 0;
const record = (result: DrillResult) => {
  log(JSON.stringify(result));
  results.push(result);
};
const natsServer = currentNatsServer(log);
if (singleNodeDrills.length > 0) {
  const single = await startSingleNodeStack(log, natsServer);
  try {
    for (const drill of singleNodeDrills)
      for (let run = 1; run <= repeat; run++) {
        log(`single node: ${drill}${repeat > 1 ? ` (run ${run} of ${repeat})` : ""}…`);
        record({ ...(await single.run(drill, log)), drill: `single node: ${drill}` });
      }
  } catch (error) {
    console.error(error);
    exitCode = 1;
  } finally {
    await single.stop();
  }
}
const disasters: DisasterDrillResult[] = [];
if (clusterDrills.length + disasterDrills.length > 0) {
  const cluster = await startLocalCluster({ log, natsServer });
  try {
    for (const drill of clusterDrills)
      for (let run = 1; run <= repeat; run++) {
        log(`${drill}${repeat > 1 ? ` (run ${run} of ${repeat})` : ""}…`);
        record({ ...(await runClusterDrill(cluster, drill, log)), drill: `cluster: ${drill}` });
      }
    // Last: they destroy what the cluster holds (and restore it).
    for (const drill of disasterDrills)
      for (let run = 1; run <= repeat; run++) {
        log(`disaster: ${drill}${repeat > 1 ? ` (run ${run} of ${repeat})` : ""}…`);
        const result = { ...(await runDisasterDrill(cluster, drill, log)), drill: `cluster: ${drill}` };
        log(JSON.stringify(result));
        disasters.push(result);
      }
  } catch (error) {
    console.error(error);
    exitCode = 1;
  } finally {
    await cluster.stop();
  }
}
const table = [
  results.length > 0 ? drillTable(results) : "",
  disasters.length > 0 ? `Disasters (a backup, the loss, \`restore --from\`):\n\n${disasterTable(disasters)}` : "",
]
  .filter((part) => part !== "")
  .join("\n\n");
console.log(table);
const dir = join(import.meta.dirname, "..", "..", "bench", "results");
await mkdir(dir, { recursive: true });
const at = new Date().toISOString();
const name = only.length === 0 && repeat === 1 ? "drills" : "drills-only";
await writeFile(
  join(dir, `${name}.json`),
  `${JSON.stringify({ at, natsServer, only, repeat, results, disasters }, null, 2)}\n`,
);
await writeFile(
  join(dir, `${name}.md`),
  `# Fault drills, ${at}\n\n${only.length > 0 ? `Only the drills whose name contains ${only.map((part) => `"${part}"`).join(" or ")}, ` : ""}${repeat > 1 ? `each run ${repeat} times. ` : ""}A single-node stack (one NATS, one OpenSearch, one ingest, two indexers, one feeds), then the local cluster (npm run cluster). nats-server ${natsServer.version} (${natsServer.origin})${natsServer.syncAlways ? " with sync_interval: always" : ", which knows no sync_interval"}.\n\n${table}\n`,
);
if (results.some((r) => r.lost > 0 || r.badServerErrors > 0)) exitCode = 1;
if (disasters.some((r) => r.lost > 0 || !r.bucketsEqual || r.subscriptions.after !== r.subscriptions.before))
  exitCode = 1;
process.exit(exitCode);
