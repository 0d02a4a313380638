/**
 * `npm run rto -- --releases 10000,100000`: the disaster runbook's figures (docs/operations.md), on a
 * stack of its own (one NATS of the drills' binary, one OpenSearch, ingest and an indexer as processes).
 * For each size: the releases posted (a tenth updated once, one in fifty withdrawn) and indexed; the
 * bytes they take in NATS and OpenSearch (the capacity table); `backup` (seconds, bytes); then
 * (a) the NATS store lost: restore into a fresh NATS, services started, every release back in ingest;
 * (b) the NATS store and the index lost: the same, and the index rebuilt by itself from ingest's replay.
 * RTO is from the restore's start until every release is back (a) and searchable (b).
 * Writes bench/results/rto.json and rto.md.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import type { ChildProcess } from "node:child_process";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { kvStreamName } from "@gazette/shared";
import { natsSingleNode } from "../../tools/cluster/nats-cluster.ts";
import { currentNatsServer } from "../../tools/cluster/nats-server-binary.ts";
import { freePort, startLocalOpenSearch } from "../../tools/opensearch-local/opensearch-local.ts";
import { startServiceOnPort, stopChild } from "../../tools/dev-stack/services.ts";
import { takeBackup } from "../../tools/backup/backup.ts";
import { restoreBackup } from "../../tools/backup/restore.ts";
import { gazetteBuckets } from "../../tools/backup/buckets.ts";
import { corpusRelease } from "../corpus.ts";

const { values } = parseArgs({ options: { releases: { type: "string", default: "10000,100000" } } });
const sizes = values.releases.split(",").map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) {
  console.error(`--releases takes whole numbers of 100 or more, comma-separated, not ${values.releases}`);
  process.exit(2);
}
const log = (message: string) => console.error(`[rto] ${new Date().toISOString().slice(11, 19)} ${message}`);
const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

const dir = mkdtempSync(join(tmpdir(), "gazette-rto-"));
const natsServer = currentNatsServer(log);
const nats = natsSingleNode(await freePort(), await freePort(), join(dir, "nats"), natsServer);
await nats.start();
log("starting OpenSearch…");
const opensearch = await startLocalOpenSearch({ port: await freePort(), home: join(dir, "opensearch") });
const env = {
  ...process.env,
  NATS_URL: nats.url,
  OPENSEARCH_URL: opensearch.url,
  INGEST_RATE_LIMIT_PER_MINUTE: "1000000",
  LOG_LEVEL: "warn",
  GAZETTE_SERVICE_LOG_DIR: process.env["GAZETTE_SERVICE_LOG_DIR"] ?? join(dir, "logs"),
};
const children: ChildProcess[] = [];
let ingestUrl = "";
const startServices = async () => {
  const ingest = await startServiceOnPort("ingest", env, await freePort());
  children.push(ingest.child);
  ingestUrl = ingest.url;
  children.push((await startServiceOnPort("indexer", env, await freePort())).child);
};
const stopServices = async () => {
  await Promise.all(children.splice(0).map(stopChild));
};
const apiKey = "demo-key";

async function post(path: string, method: string, body: unknown): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${ingestUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => undefined);
    if (response !== undefined && response.status < 500) return response;
    if (attempt > 30) throw new Error(`${method} ${path}: ${response?.status ?? "no answer"}`);
    await sleep(1000);
  }
}

async function fill(size: number, prefix: string): Promise<void> {
  const batches: unknown[][] = [];
  for (let i = 0; i < size; i += 100)
    batches.push(
      Array.from({ length: Math.min(100, size - i) }, (_, k) => corpusRelease(i + k, 20261206, prefix) as unknown),
    );
  // A tenth updated once.
  for (let i = 0; i < size; i += 1000)
    batches.push(
      Array.from({ length: Math.min(100, size - i) }, (_, k) => ({
        ...(corpusRelease(i + k, 20261206, prefix) as object),
        title: `Обновлено: выпуск ${i + k}`,
      })),
    );
  let next = 0;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        const response = await post("/v1/releases:batch", "POST", { releases: batch });
        if (response.status !== 207 && response.status !== 200 && response.status !== 202)
          throw new Error(`batch: ${response.status} ${await response.text()}`);
        done += batch.length;
        if (done % 10_000 < 100) log(`posted ${done} (${seconds(started)} s)`);
      }
    }),
  );
  for (let i = 0; i < size; i += 50) {
    const response = await post(`/v1/releases/${prefix}-${i}`, "DELETE", { reason: "Отозвано" });
    if (response.status !== 202) throw new Error(`withdraw: ${response.status} ${await response.text()}`);
  }
}

async function indexedCount(): Promise<number> {
  const response = await fetch(`${opensearch.url}/releases/_count`).catch(() => undefined);
  if (response?.status !== 200) return 0;
  return ((await response.json()) as { count: number }).count;
}

async function untilIndexed(size: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const count = await indexedCount();
    if (count >= size) return;
    if (count !== last && count % 5000 < 500) log(`${count} of ${size} indexed`);
    last = count;
    if (Date.now() > deadline) throw new Error(`${count} of ${size} indexed after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

async function untilInIngest(prefix: string, size: number): Promise<void> {
  const sample = Array.from({ length: 200 }, (_, k) => Math.floor((k * size) / 200));
  for (;;) {
    const answers = await Promise.all(
      sample.map((i) =>
        fetch(`${ingestUrl}/v1/releases/${prefix}-${i}`, { headers: { authorization: `Bearer ${apiKey}` } })
          .then((r) => r.status)
          .catch(() => 0),
      ),
    );
    if (answers.every((status) => status === 200)) return;
    await sleep(250);
  }
}

const bytesOf = (path: string): number =>
  statSync(path).isDirectory()
    ? readdirSync(path).reduce((sum, name) => sum + bytesOf(join(path, name)), 0)
    : statSync(path).size;

async function streamBytes(): Promise<Record<string, { messages: number; bytes: number }>> {
  const client = await connect({ servers: nats.url });
  try {
    const jsm = await jetstreamManager(client);
    const result: Record<string, { messages: number; bytes: number }> = {};
    for await (const info of jsm.streams.list())
      result[info.config.name] = { messages: info.state.messages, bytes: info.state.bytes };
    return result;
  } finally {
    await client.close();
  }
}

async function indexBytes(): Promise<number> {
  await fetch(`${opensearch.url}/releases/_refresh`, { method: "POST" });
  const stats = (await (await fetch(`${opensearch.url}/releases/_stats/store`)).json()) as {
    _all: { primaries: { store: { size_in_bytes: number } } };
  };
  return stats._all.primaries.store.size_in_bytes;
}

async function restoreInto(backupDir: string): Promise<number> {
  const started = Date.now();
  const client = await connect({ servers: nats.url });
  try {
    await restoreBackup({ js: jetstream(client), jsm: await jetstreamManager(client), dir: backupDir });
  } finally {
    await client.close();
  }
  return seconds(started);
}

async function loseNatsStore(): Promise<void> {
  await stopServices();
  await nats.stop();
  rmSync(nats.storeDir, { recursive: true, force: true });
  await nats.start();
}

const results: Record<string, unknown>[] = [];
try {
  await startServices();
  for (const size of sizes) {
    const prefix = `rto${size}`;
    log(`${size} releases: posting…`);
    const filling = Date.now();
    await fill(size, prefix);
    const posted = seconds(filling);
    await untilIndexed(size, 3_600_000);
    // Settle: the indexer has caught up with the updates and withdrawals too.
    await sleep(5000);
    const streams = await streamBytes();
    const releasesStream = streams[kvStreamName("releases")]!;
    const eventsStream = streams["RELEASES"]!;
    const index = await indexBytes();
    log(
      `${size}: posted in ${posted} s; KV_releases ${releasesStream.bytes} B, RELEASES ${eventsStream.bytes} B, index ${index} B`,
    );

    const backupDir = join(dir, `backup-${size}`);
    const backupStarted = Date.now();
    const client = await connect({ servers: nats.url });
    try {
      await takeBackup({
        js: jetstream(client),
        jsm: await jetstreamManager(client),
        dir: backupDir,
        buckets: gazetteBuckets(env),
        gazetteVersion: "rto",
      });
    } finally {
      await client.close();
    }
    const backupSeconds = seconds(backupStarted);
    log(`${size}: backup in ${backupSeconds} s, ${bytesOf(backupDir)} B`);

    // (a) The NATS store lost; the index lives on.
    await loseNatsStore();
    const a = Date.now();
    const restoreA = await restoreInto(backupDir);
    await startServices();
    await untilInIngest(prefix, size);
    const rtoA = seconds(a);
    log(`${size}: (a) restored in ${restoreA} s, every release back in ingest after ${rtoA} s`);
    await untilIndexed(size, 3_600_000);
    await sleep(5000);

    // (b) The NATS store and the index lost: the index rebuilds itself through ingest's replay.
    await loseNatsStore();
    await fetch(`${opensearch.url}/releases-v*`, { method: "DELETE" });
    const b = Date.now();
    const restoreB = await restoreInto(backupDir);
    await startServices();
    await untilInIngest(prefix, size);
    const backInIngestB = seconds(b);
    await untilIndexed(size, 3_600_000);
    const rtoB = seconds(b);
    log(`${size}: (b) restored in ${restoreB} s, back in ingest after ${backInIngestB} s, searchable after ${rtoB} s`);
    results.push({
      releases: size,
      versions: size + Math.ceil(size / 1000) * 100 + Math.ceil(size / 50),
      postedSeconds: posted,
      natsReleasesBucketBytes: releasesStream.bytes,
      natsReleasesBucketEntries: releasesStream.messages,
      natsEventStreamBytes: eventsStream.bytes,
      indexBytes: index,
      backupSeconds,
      backupBytes: bytesOf(backupDir),
      natsLost: { restoreSeconds: restoreA, backInIngestSeconds: rtoA },
      natsAndIndexLost: { restoreSeconds: restoreB, backInIngestSeconds: backInIngestB, searchableSeconds: rtoB },
    });
    rmSync(backupDir, { recursive: true, force: true });
    // The next size starts from an empty record.
    await loseNatsStore();
    await fetch(`${opensearch.url}/releases-v*`, { method: "DELETE" });
    await startServices();
  }
} finally {
  await stopServices();
  await opensearch.stop();
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
}

const at = new Date().toISOString();
const lines = [
  "| releases (versions) | NATS: release bucket | NATS: event stream | OpenSearch index | backup | NATS lost: restore / back in ingest | NATS and index lost: restore / back in ingest / searchable |",
  "|---|---|---|---|---|---|---|",
  ...results.map(
    (r) =>
      `| ${r["releases"]} (${r["natsReleasesBucketEntries"]}) | ${mb(r["natsReleasesBucketBytes"])} | ${mb(r["natsEventStreamBytes"])} | ${mb(r["indexBytes"])} | ${r["backupSeconds"]} s, ${mb(r["backupBytes"])} | ${(r["natsLost"] as Record<string, number>)["restoreSeconds"]} s / ${(r["natsLost"] as Record<string, number>)["backInIngestSeconds"]} s | ${(r["natsAndIndexLost"] as Record<string, number>)["restoreSeconds"]} s / ${(r["natsAndIndexLost"] as Record<string, number>)["backInIngestSeconds"]} s / ${(r["natsAndIndexLost"] as Record<string, number>)["searchableSeconds"]} s |`,
  ),
];
function mb(bytes: unknown): string {
  return `${((bytes as number) / 1_000_000).toFixed(1)} MB`;
}
const out = join(import.meta.dirname, "..", "results");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "rto.json"), `${JSON.stringify({ at, natsServer: natsServer.version, results }, null, 2)}\n`);
writeFileSync(
  join(out, "rto.md"),
  `# Restore times (RTO), ${at}\n\nOne NATS (nats-server ${natsServer.version}), one OpenSearch node, one ingest, one indexer, on this 2-core machine.\n\n${lines.join("\n")}\n`,
);
console.log(lines.join("\n"));
