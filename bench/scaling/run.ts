/**
 * `npm run scaling [-- --quick]`: throughput as processes are added on the local cluster (3 NATS, 3
 * OpenSearch; issue 17): R2 (indexer) with 1 and 2 indexer processes, R1 (ingest) with 1 and 2
 * ingest processes, rounds alternating, with where the CPU went (ingest or indexer, NATS, OpenSearch,
 * other: load generators, kernel). Writes bench/results/scaling.{json,md}.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { startLocalCluster } from "../../tools/cluster/local-cluster.ts";
import { indexerScaling, ingestScaling, type ScalingPoint } from "./scaling.ts";

const quick = process.argv.includes("--quick");
const log = (line: string) => console.error(line);
const cluster = await startLocalCluster({ log, perService: 0 });
let exitCode = 0;
try {
  const r2 = await indexerScaling(cluster, { total: quick ? 1000 : 5000, rounds: quick ? 1 : 2, log });
  const r1 = await ingestScaling(cluster, { seconds: quick ? 5 : 15, rounds: quick ? 1 : 2, connections: 32, log });
  const percent = (n: number | undefined) => `${Math.round((n ?? 0) * 100)} %`;
  const rows = (row: string, unit: string, points: ScalingPoint[], service: string) =>
    points.map(
      (point) =>
        `| ${row} | ${point.processes} | ${Math.round(point.rate.median)} ${unit} (${Math.round(point.rate.min)}–${Math.round(point.rate.max)}) | ${(point.rate.median / points[0]!.rate.median).toFixed(2)} | ${percent(point.machineBusy)} | ${percent(point.cpu[service])} | ${percent(point.cpu["nats"])} | ${percent(point.cpu["opensearch"])} | ${percent(point.cpu["other"])} |`,
    );
  const table = [
    `Scaling on the local cluster (3 NATS, 3 OpenSearch, replicas 3 / 3 shards + 1 replica), ${cpus().length} cores, ${new Date().toISOString()}`,
    "",
    "| row | processes | throughput (min–max) | vs 1 | machine busy | service CPU | NATS CPU | OpenSearch CPU | other CPU |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows("R2 indexer", "docs/s", r2, "indexer"),
    ...rows("R1 ingest", "req/s", r1, "ingest"),
  ].join("\n");
  console.log(table);
  const dir = join(import.meta.dirname, "..", "results");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "scaling.json"), `${JSON.stringify({ quick, r2, r1 }, null, 2)}\n`);
  await writeFile(join(dir, "scaling.md"), `${table}\n`);
  console.error("written: bench/results/scaling.{json,md}");
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cluster.stop();
}
process.exit(exitCode);
