/**
 * `npm run bench [-- R1 R3 …] [-- --quick]`: every hot path as a ratio against its physical limit,
 * measured in the same run on the same machine (A and B alternate, median of the rounds). R3, R3b and
 * R4 are measured with autocannon and again with wrk; R3peer compares feeds with nginx serving the same
 * bytes, R3edge feeds behind the TLS edge with nginx serving them over TLS; R5edge a new release's
 * arrival in the feed through the edge against directly; R7 a reindex of a million releases (`--r7-releases`)
 * against the goal's rate; R6 (last) fills the index to each of `--scale-sizes` and reports feed and search latencies.
 * Writes bench/results/latest.json and latest.md. `--quick` is a short smoke run (figures not meaningful);
 * `--profile <dir>` makes each service write a CPU profile to <dir>/<service>/ (summarise it with
 * `node bench/profile-summary.ts <file>`).
 */
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem, release as osRelease } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { r1Ingest } from "./benchmarks/r1-ingest.ts";
import { r2Indexer } from "./benchmarks/r2-indexer.ts";
import { r3Feeds } from "./benchmarks/r3-feeds.ts";
import { r3Edge, r3Peer } from "./benchmarks/r3-peer.ts";
import { r4Search } from "./benchmarks/r4-search.ts";
import { r5Freshness } from "./benchmarks/r5-freshness.ts";
import { r5Edge } from "./benchmarks/r5-edge.ts";
import { r6Scale, type ScalePoint } from "./benchmarks/r6-scale.ts";
import { r7Reindex } from "./benchmarks/r7-reindex.ts";
import { benchChildren, startReference, type BenchContext } from "./context.ts";
import { corpusRelease } from "./corpus.ts";
import type { BenchRow, Figure } from "./measure.ts";
import { benchNames, processUsage, startBenchStack } from "./stack.ts";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { startProgress, type Progress } from "../tools/progress/progress.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: "boolean", default: false },
    profile: { type: "string" },
    /** R6's archive sizes, comma-separated (default 10000,100000; 1000000 takes about an hour to load here). */
    "scale-sizes": { type: "string" },
    /** R7's number of releases (default 1000000, about 45 minutes here with the fill; --quick: 5000). */
    "r7-releases": { type: "string" },
  },
});
const known = ["R1", "R2", "R3", "R3PEER", "R3EDGE", "R4", "R5", "R5EDGE", "R7", "R6"];
const selected = positionals.length === 0 ? known : positionals.map((id) => id.toUpperCase().replace(/^R3B$/, "R3"));
const unknown = selected.filter((id) => !known.includes(id));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${known.join(", ")} (R3 includes R3b)`);
  process.exit(2);
}
const log = (message: string) => console.error(`[bench] ${message}`);

const stack = await startBenchStack(log, values.profile);
// Everything runs in sessions of its own, out of reach of the terminal's Ctrl-C: stop it all here.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the stack and the reference servers`);
    for (const child of benchChildren) child.kill("SIGTERM");
    void stack.stop().finally(() => process.exit(130));
  });
}
const ctx: BenchContext = {
  stack,
  quick: values.quick,
  rounds: values.quick ? 1 : 3,
  seconds: values.quick ? 1 : 10,
  connections: 32,
  log,
  reference: startReference,
  ...(values.profile === undefined ? {} : { profileDir: values.profile }),
};
const rows: BenchRow[] = [];
let scale: ScalePoint[] = [];
const failures: { id: string; error: string }[] = [];
const scaleSizes = (values["scale-sizes"] ?? (values.quick ? "1000,3000" : "10000,100000")).split(",").map(Number);
if (scaleSizes.some((size) => !Number.isInteger(size) || size <= 0)) {
  console.error(`--scale-sizes: whole numbers separated by commas, not ${values["scale-sizes"]}`);
  process.exit(2);
}
const r7Releases = Number(values["r7-releases"] ?? (values.quick ? 5000 : 1_000_000));
if (!Number.isInteger(r7Releases) || r7Releases <= 0) {
  console.error(`--r7-releases: a whole number, not ${values["r7-releases"]}`);
  process.exit(2);
}
const machine = {
  cores: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGb: Math.round(totalmem() / 1073741824),
  os: osRelease(),
  node: process.version,
  opensearch: "",
  nats: "",
  /** The commit measured (with `+` when the working tree had changes). */
  commit: commitOf(),
};
let exitCode = 0;
try {
  machine.opensearch = (
    (await (await fetch(stack.infrastructure.opensearchUrl)).json()) as { version: { number: string } }
  ).version.number;
  machine.nats = await natsServerVersion();
  log(stack.infrastructure.describe());
  const memoryAtRest = Object.fromEntries(
    Object.entries(stack.pids).map(([service, pid]) => [service, Math.round(processUsage(pid).rssBytes / 1048576)]),
  );
  await warmUp();
  const runs: Record<string, () => Promise<BenchRow | BenchRow[]>> = {
    R1: () => r1Ingest(ctx),
    R2: () => r2Indexer(ctx),
    R3: () => r3Feeds(ctx),
    R3PEER: () => r3Peer(ctx),
    R3EDGE: () => r3Edge(ctx),
    R4: () => r4Search(ctx),
    R5: () => r5Freshness(ctx),
    R5EDGE: () => r5Edge(ctx),
    R7: () => r7Reindex(ctx, r7Releases),
    // Last: it fills the stack's index with the archive.
    R6: async () => {
      scale = await r6Scale(ctx, scaleSizes);
      return [];
    },
  };
  for (const id of known.filter((id) => selected.includes(id))) {
    // Later benchmarks start once the indexer has caught up with what earlier ones wrote (R1 leaves
    // tens of thousands of releases for it, which would compete with R2's indexers for the CPU).
    if (id !== "R1") await waitIndexerIdle();
    log(`${id}…`);
    // A row that fails is reported and the others still run and are written (a failure at the end
    // of a long run once lost every figure before it).
    try {
      rows.push(...[await runs[id]!()].flat());
    } catch (error) {
      console.error(error);
      failures.push({ id, error: String((error as Error).message ?? error) });
      exitCode = 1;
    }
  }
  const report = {
    at: new Date().toISOString(),
    quick: ctx.quick,
    rounds: ctx.rounds,
    secondsPerMeasurement: ctx.seconds,
    connections: ctx.connections,
    machine,
    memoryAtRestMb: memoryAtRest,
    rows,
    scale,
    failures,
  };
  const failed = failures.map((failure) => `\n\n**${failure.id} failed**: ${failure.error}`).join("");
  const table = markdownTable(rows) + scaleTable(scale) + failed;
  console.log(table);
  const dir = join(import.meta.dirname, "results");
  await mkdir(dir, { recursive: true });
  // latest.* is the last full run (docs/benchmarks.md's table); a run of some rows, or a quick one, goes to partial.*.
  const name = ctx.quick || selected.length < known.length || failures.length > 0 ? "partial" : "latest";
  await writeFile(join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(
    join(dir, `${name}.md`),
    `# Benchmarks, ${report.at}${ctx.quick ? " (quick: not meaningful)" : ""}\n\nMachine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, Linux ${machine.os}, Node ${machine.node}, OpenSearch ${machine.opensearch}, NATS ${machine.nats}, commit ${machine.commit}. ${ctx.rounds} rounds of ${ctx.seconds} s, ${ctx.connections} connections. Memory at rest (MB): ${JSON.stringify(memoryAtRest)}.\n\n${table}\n\nDetails: see ${name}.json.\n`,
  );
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await stack.stop();
}
process.exit(exitCode);

async function natsServerVersion(): Promise<string> {
  const nats = await connect({ servers: stack.infrastructure.natsUrl });
  const version = nats.info?.version ?? "";
  await nats.close();
  return version;
}

async function waitIndexerIdle(): Promise<void> {
  const nats = await connect({ servers: stack.infrastructure.natsUrl });
  try {
    const jsm = await jetstreamManager(nats);
    let progress: Progress | undefined;
    let first: number | undefined;
    for (;;) {
      const info = await jsm.consumers.info(benchNames.NATS_STREAM, benchNames.INDEXER_DURABLE);
      const pending = info.num_pending + info.num_ack_pending;
      if (pending === 0) break;
      // R1 leaves tens of thousands of releases: show the indexer working them off.
      first ??= pending;
      progress ??= startProgress({
        label: "[bench] waiting for the indexer to index earlier rows' releases",
        unit: "releases",
        total: first,
        intervalMs: 10_000,
      });
      progress.update(first - pending);
      await sleep(200);
    }
    progress?.finish();
    await sleep(1500); // the last write's refresh, and the feeds cache's settling
  } finally {
    await nats.close();
  }
}

/** Enough releases in the index for warm feeds and real search hits. */
async function warmUp(): Promise<void> {
  const releases = Array.from({ length: 100 }, (_, i) => corpusRelease(i, 20261124, "warm"));
  const response = await fetch(`${stack.urls.ingest}/v1/releases:batch`, {
    method: "POST",
    headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
    body: JSON.stringify({ releases }),
  });
  if (response.status !== 200) throw new Error(`warm-up batch answered ${response.status}`);
  for (let attempt = 0; attempt < 100; attempt++) {
    const found = (await (
      await fetch(`${stack.urls.feeds}/v1/search?q=${encodeURIComponent("реабилитация")}`)
    ).json()) as { total: number };
    if (found.total >= 10) return;
    await sleep(200);
  }
  throw new Error("warm-up: the releases did not become searchable");
}

/** R6's curve: latencies through feeds as the archive grows. */
function scaleTable(points: ScalePoint[]): string {
  if (points.length === 0) return "";
  const lines = [
    "",
    "",
    "R6, cost as the archive grows (through feeds, one request at a time):",
    "",
    "| releases in the index | archive feed page built, p50 / p99 | search (uncached), p50 / p99 | load time |",
    "|---|---|---|---|",
  ];
  for (const point of points)
    lines.push(
      `| ${point.releases.toLocaleString("en")} | ${point.feedBuildMs.p50} / ${point.feedBuildMs.p99} ms | ${point.searchMs.p50} / ${point.searchMs.p99} ms | ${point.loadSeconds} s |`,
    );
  return lines.join("\n");
}

function markdownTable(rows: BenchRow[]): string {
  const f = (value: number) =>
    value >= 100 ? Math.round(value).toLocaleString("en") : value.toFixed(value >= 10 ? 1 : 2);
  const cell = (figure: Figure) => `${f(figure.median)} (${f(figure.min)}–${f(figure.max)})`;
  const lines = [
    "| id | what | A: ours, median (min–max) | B: reference | A vs B, median (min–max) | goal | met |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const row of rows)
    lines.push(
      `| ${row.id} | ${row.what} | ${cell(row.a)} ${row.unit} | ${cell(row.b)} ${row.unit} | ${cell(row.ratio)} | ${row.goal} | ${row.reportOnly === true ? "—" : row.met ? "yes" : "**no**"} |`,
    );
  return lines.join("\n");
}

function commitOf(): string {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["status", "--porcelain"], { encoding: "utf8" }).stdout.trim() !== "";
  return head === "" ? "unknown" : `${head}${dirty ? "+" : ""}`;
}
