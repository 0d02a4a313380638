/**
 * The disaster drills (issue 33, ADR 0022), on the secured cluster: what replication does not cover.
 * Releases are posted (new ones and new versions), some withdrawn, WebSub subscriptions made; once all
 * are acknowledged and indexed, `npm run gazette -- backup --to` (the admin's credentials), then
 * (a) every NATS node's store is destroyed: the services stopped, the nodes started empty, `restore
 * --from`, the services started again; or (b) an operator purges the release bucket under running
 * services, then `restore --from --only releases` (the other buckets live on, newer than the backup). Each release acknowledged before the backup must be back at its
 * version in ingest and in search, the withdrawn ones still withdrawn, the subscriptions back.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { JetStreamApiCodes, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { apiErrorIs, bucketEntries, kvStreamName, natsConnectionOptions } from "@gazette/shared";
import { decodeLine, type BackupManifest } from "../backup/backup-format.ts";
import { gazetteBuckets } from "../backup/buckets.ts";
import type { LocalCluster } from "../cluster/local-cluster.ts";
import { stopChild } from "../dev-stack/services.ts";
import { waitJetStreamClusterReady } from "../cluster/nats-cluster.ts";
import { startDrillLoad, waitIndexed, type DrillLoadOptions } from "./drill-load.ts";

export const disasterDrillNames = ["NATS stores destroyed on every node", "release bucket purged"] as const;
export type DisasterDrillName = (typeof disasterDrillNames)[number];

export interface DisasterDrillResult {
  drill: string;
  /** Releases acknowledged before the backup (each at its last version). */
  acknowledged: number;
  /** Of those, withdrawn before the backup. */
  withdrawn: number;
  /** Back in ingest at their version (and withdrawn where they were). */
  restored: number;
  /** Back in the index at their version. */
  indexed: number;
  /** Acknowledged before the backup and not back at their version (must be 0). */
  lost: number;
  /** Every bucket restored (the release bucket alone after a purge) holds exactly what the backup holds, byte for byte. */
  bucketsEqual: boolean;
  subscriptions: { before: number; after: number };
  /** Entries in the backup, and the seconds `backup --to` took. */
  backupEntries: number;
  backupSeconds: number;
  /** `restore --from`, from its start to its end. */
  restoreSeconds: number;
  /** From the restore's start until every release is back in ingest and searchable at its version (RTO, with the services' start). */
  recoverySeconds: number;
}

/** `npm run gazette -- <args>` as the cluster's admin; its `--json` answer. */
async function gazette(cluster: LocalCluster, args: string[]): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [join(import.meta.dirname, "..", "gazette.ts"), ...args, "--json"], {
    env: { ...process.env, ...cluster.admin.nats },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`npm run gazette -- ${args.join(" ")} exited ${code}: ${err.trim().slice(-2000)}`);
  return JSON.parse(out.trim().split("\n").at(-1)!) as Record<string, unknown>;
}

/** Every bucket's keys and the bytes of each key's latest entry (deletions as such). */
async function bucketContents(cluster: LocalCluster, role?: string): Promise<Map<string, string>> {
  const nats = await connect(natsConnectionOptions(cluster.admin.nats, "admin"));
  try {
    const js = jetstream(nats);
    const contents = new Map<string, string>();
    const jsm = await jetstreamManager(nats);
    for (const { bucket } of gazetteBuckets(cluster.env).filter((b) => role === undefined || b.role === role)) {
      const exists = await jsm.streams.info(kvStreamName(bucket)).then(
        () => true,
        (error: unknown) => {
          if (apiErrorIs(error, JetStreamApiCodes.StreamNotFound)) return false;
          throw error;
        },
      );
      if (!exists) continue;
      for await (const entry of bucketEntries(js, bucket))
        contents.set(
          `${bucket}/${entry.key}`,
          entry.operation === "PUT" ? Buffer.from(entry.value).toString("base64") : entry.operation,
        );
    }
    return contents;
  } finally {
    await nats.close();
  }
}

/**
 * What a backup holds: each bucket's keys and the bytes of each key's latest entry, read from its files
 * (the services write subscriptions and reports while it is taken, so only the backup says what must return).
 */
function backupContents(dir: string, role?: string): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as BackupManifest;
  const contents = new Map<string, string>();
  for (const bucket of manifest.buckets.filter((b) => b.absent !== true && (role === undefined || b.role === role)))
    for (const text of readFileSync(join(dir, bucket.file!), "utf8").split("\n")) {
      if (text === "") continue;
      const line = decodeLine(text);
      contents.set(
        `${bucket.bucket}/${line.key}`,
        line.op === "PUT" ? Buffer.from(line.value).toString("base64") : line.op,
      );
    }
  return contents;
}

/** A WebSub subscriber on loopback that confirms every intent. */
async function startSubscriber() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://subscriber");
    if (req.method === "GET")
      res.writeHead(200, { "content-type": "text/plain" }).end(url.searchParams.get("hub.challenge"));
    else req.resume().on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    callback: (n: number) => `http://127.0.0.1:${(server.address() as { port: number }).port}/subscriber-${n}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** Whether ingest holds each release at its version, withdrawn exactly where it was: how many do. */
async function restoredCount(
  options: DrillLoadOptions,
  wanted: ReadonlyMap<string, number>,
  withdrawn: ReadonlySet<string>,
): Promise<number> {
  let restored = 0;
  for (const [externalId, version] of wanted) {
    const response = await fetch(`${options.ingestUrls[0]}/v1/releases/${encodeURIComponent(externalId)}`, {
      headers: { authorization: `Bearer ${options.apiKey}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status !== 200) continue;
    const answer = (await response.json()) as { status: string; release: { version: number } };
    if (answer.release.version === version && (answer.status === "withdrawn") === withdrawn.has(externalId)) restored++;
  }
  return restored;
}

export async function runDisasterDrill(
  cluster: LocalCluster,
  drill: DisasterDrillName,
  log: (message: string) => void,
): Promise<DisasterDrillResult> {
  const ingestUrls = () => cluster.processes.filter((p) => p.service === "ingest").map((p) => p.url);
  const options: DrillLoadOptions = {
    ingestUrls: ingestUrls(),
    opensearch: cluster.admin.opensearch,
    alias: cluster.env["OPENSEARCH_INDEX"] ?? "releases",
    apiKey: cluster.publisher.apiKey,
  };
  const feeds = cluster.processes.find((p) => p.service === "feeds")!.url;
  const subscriber = await startSubscriber();
  const backupDir = mkdtempSync(join(tmpdir(), "gazette-disaster-backup-"));
  try {
    // Releases and their versions, then withdrawals of a tenth of them.
    const load = startDrillLoad(options);
    await sleep(10_000);
    const loaded = await load.stop();
    const acknowledged = new Map(loaded.acknowledged);
    const withdrawn = new Set<string>();
    for (const externalId of [...acknowledged.keys()].filter((_, i) => i % 10 === 0)) {
      const response = await fetch(`${options.ingestUrls[0]}/v1/releases/${encodeURIComponent(externalId)}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${options.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ reason: "Отозвано: учения по восстановлению" }),
      });
      if (response.status !== 202 && response.status !== 200)
        throw new Error(`withdrawing ${externalId}: ${response.status} ${await response.text()}`);
      acknowledged.set(externalId, ((await response.json()) as { version: number }).version);
      withdrawn.add(externalId);
    }
    // Three subscribers of the demo publisher's feed, each confirmed.
    const topic = `${cluster.env["PUBLIC_BASE_URL"]}/publishers/demo/feed.atom`;
    const websubBucket = gazetteBuckets(cluster.env).find((b) => b.role === "websub")!.bucket;
    const subscriptionCount = async () =>
      [...(await bucketContents(cluster)).entries()].filter(
        ([key, value]) => key.startsWith(`${websubBucket}/`) && value !== "DEL" && value !== "PURGE",
      ).length;
    const subscriptionsAtStart = await subscriptionCount();
    for (let n = 1; n <= 3; n++) {
      const response = await fetch(`${feeds}/websub/hub`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          "hub.mode": "subscribe",
          "hub.topic": topic,
          "hub.callback": subscriber.callback(n),
        }),
      });
      if (response.status !== 202) throw new Error(`subscribing: ${response.status} ${await response.text()}`);
    }
    await until("three subscriptions stored", async () => (await subscriptionCount()) === subscriptionsAtStart + 3);
    const indexedBefore = await waitIndexed(options, () => acknowledged);
    if (indexedBefore.indexed !== acknowledged.size)
      throw new Error(`only ${indexedBefore.indexed} of ${acknowledged.size} releases were indexed before the backup`);
    log(`${drill}: ${acknowledged.size} releases acknowledged and indexed, ${withdrawn.size} withdrawn; backing up…`);

    const subscriptionsBefore = await subscriptionCount();
    const backupStarted = Date.now();
    const manifest = (await gazette(cluster, ["backup", "--to", backupDir])) as {
      buckets: { entries?: number }[];
    };
    const backupSeconds = (Date.now() - backupStarted) / 1000;
    const backupEntries = manifest.buckets.reduce((sum, bucket) => sum + (bucket.entries ?? 0), 0);
    log(`${drill}: backup of ${backupEntries} entries in ${backupSeconds.toFixed(1)} s`);

    let contentsAfter: Map<string, string>;
    let restoreStarted: number;
    let restoreSeconds: number;
    if (drill === "NATS stores destroyed on every node") {
      const services = [...cluster.processes];
      await Promise.all(services.map((service) => stopChild(service.child)));
      await Promise.all(cluster.nats.map((node) => node.kill()));
      for (const node of cluster.nats) rmSync(node.storeDir, { recursive: true, force: true });
      log(`${drill}: every NATS node's store destroyed; starting them empty`);
      await Promise.all(cluster.nats.map((node) => node.start()));
      await waitJetStreamClusterReady(
        cluster.nats.map((node) => node.url),
        cluster.secrets,
      );
      restoreStarted = Date.now();
      await gazette(cluster, ["restore", "--from", backupDir]);
      restoreSeconds = (Date.now() - restoreStarted) / 1000;
      // Compared before any service writes again (the relay's delivery reports change as it indexes).
      contentsAfter = await bucketContents(cluster);
      for (const service of services) await cluster.restart(service);
      options.ingestUrls = ingestUrls();
    } else {
      const releasesBucket = gazetteBuckets(cluster.env).find((b) => b.role === "releases")!.bucket;
      const nats = await connect(natsConnectionOptions(cluster.admin.nats, "admin"));
      try {
        await (await jetstreamManager(nats)).streams.purge(kvStreamName(releasesBucket));
        log(`${drill}: ${kvStreamName(releasesBucket)} purged`);
      } finally {
        await nats.close();
      }
      const gone = await restoredCount(options, acknowledged, withdrawn);
      if (gone > 0) throw new Error(`the purge left ${gone} releases in ingest: the drill did not destroy them`);
      // Only the lost bucket: the others are live (subscriptions, delivery reports) and newer than the backup.
      restoreStarted = Date.now();
      await gazette(cluster, ["restore", "--from", backupDir, "--only", "releases"]);
      restoreSeconds = (Date.now() - restoreStarted) / 1000;
      contentsAfter = await bucketContents(cluster, "releases");
    }
    log(`${drill}: restored in ${restoreSeconds.toFixed(1)} s`);
    // Restored means: exactly what the backup holds, no key more, no key less.
    const inBackup = backupContents(backupDir, drill === "release bucket purged" ? "releases" : undefined);
    const changed = [
      ...[...inBackup].filter(([key, value]) => contentsAfter.get(key) !== value).map(([key]) => key),
      ...[...contentsAfter.keys()].filter((key) => !inBackup.has(key)),
    ];
    if (changed.length > 0) log(`${drill}: not restored to their bytes: ${changed.slice(0, 10).join(", ")}`);

    await until("ingest to answer", async () => (await fetch(`${options.ingestUrls[0]}/readyz`)).status === 200);
    let restored = 0;
    await until(
      "every release back in ingest",
      async () => {
        restored = await restoredCount(options, acknowledged, withdrawn);
        return restored === acknowledged.size;
      },
      60_000,
    ).catch((error: Error) => log(`${drill}: ${error.message} (${restored} of ${acknowledged.size})`));
    const { indexed } = await waitIndexed(options, () => acknowledged);
    const recoverySeconds = (Date.now() - restoreStarted) / 1000;
    return {
      drill,
      acknowledged: acknowledged.size,
      withdrawn: withdrawn.size,
      restored,
      indexed,
      lost: acknowledged.size - Math.min(restored, indexed),
      bucketsEqual: changed.length === 0,
      subscriptions: { before: subscriptionsBefore, after: await subscriptionCount() },
      backupEntries,
      backupSeconds: Math.round(backupSeconds * 10) / 10,
      restoreSeconds: Math.round(restoreSeconds * 10) / 10,
      recoverySeconds: Math.round(recoverySeconds * 10) / 10,
    };
  } finally {
    await subscriber.close();
    rmSync(backupDir, { recursive: true, force: true });
  }
}

/** A markdown table of disaster drill results (the operations page's). */
export function disasterTable(results: DisasterDrillResult[]): string {
  const lines = [
    "| disaster | acknowledged (withdrawn) | back in ingest | searchable | lost | buckets byte-equal | subscriptions | backup | restore | back and searchable after |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results)
    lines.push(
      `| ${r.drill} | ${r.acknowledged} (${r.withdrawn}) | ${r.restored} | ${r.indexed} | ${r.lost} | ${r.bucketsEqual ? "yes" : "**no**"} | ${r.subscriptions.before} → ${r.subscriptions.after} | ${r.backupEntries} entries, ${r.backupSeconds} s | ${r.restoreSeconds} s | ${r.recoverySeconds} s |`,
    );
  return lines.join("\n");
}
