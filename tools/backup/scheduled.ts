/**
 * Scheduled backups (`npm run gazette -- backup --to DIR --every S --keep N`, compose's `backup`
 * service): a backup every S seconds into `DIR/gazette-backup-<time>`, written under a `.partial-`
 * name and renamed only once it verifies (a run cut short never looks like a good backup), the newest
 * N kept. Metrics on /metrics: the time of the last good backup (and its age), runs by outcome, the
 * last run's duration and entries; an alert on the age is in deploy/prometheus/alerts.yml. ADR 0022.
 */
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Counter, Gauge, Registry } from "prom-client";
import type { Logger } from "@gazette/shared";
import type { BackupManifest } from "./backup-format.ts";
import { backupFolderName, backupsToPrune, newestBackup } from "./schedule.ts";
import { verifyBackup } from "./verify.ts";

export interface ScheduledBackupOptions {
  dir: string;
  everyMs: number;
  keep: number;
  /** Takes one backup into the folder given (made by it); its manifest. */
  backup(into: string): Promise<BackupManifest>;
  log: Logger;
  /** Where /metrics is served; none if undefined. */
  metrics?: { host: string; port: number };
  /** Stops the loop (after the run under way). */
  signal?: AbortSignal;
}

export function backupMetrics() {
  const registry = new Registry();
  let lastGoodAt: number | undefined;
  const lastSuccess = new Gauge({
    name: "gazette_backup_last_success_timestamp_seconds",
    help: "When the last backup that verified was taken (Unix time).",
    registers: [registry],
  });
  new Gauge({
    name: "gazette_backup_last_good_age_seconds",
    help: "Seconds since the last backup that verified was taken (+Inf while there is none).",
    registers: [registry],
    collect() {
      this.set(lastGoodAt === undefined ? Number.POSITIVE_INFINITY : (Date.now() - lastGoodAt) / 1000);
    },
  });
  const runs = new Counter({
    name: "gazette_backup_runs_total",
    help: "Scheduled backup runs, by outcome (success, failure).",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  const duration = new Gauge({
    name: "gazette_backup_last_duration_seconds",
    help: "How long the last run took.",
    registers: [registry],
  });
  const entries = new Gauge({
    name: "gazette_backup_last_entries",
    help: "Entries (revisions of every bucket) in the last good backup.",
    registers: [registry],
  });
  const kept = new Gauge({ name: "gazette_backup_kept", help: "Good backups kept.", registers: [registry] });
  runs.inc({ outcome: "success" }, 0);
  runs.inc({ outcome: "failure" }, 0);
  return {
    registry,
    good(at: Date, count: number | undefined) {
      lastGoodAt = at.getTime();
      lastSuccess.set(at.getTime() / 1000);
      if (count !== undefined) entries.set(count);
    },
    ran(outcome: "success" | "failure", seconds: number) {
      runs.inc({ outcome });
      duration.set(seconds);
    },
    kept: (count: number) => kept.set(count),
  };
}

const retryMs = 300_000;

const entriesOf = (manifest: BackupManifest) =>
  manifest.buckets.reduce((sum, bucket) => sum + (bucket.entries ?? 0), 0);

/** Runs backups on schedule until `signal` aborts; resolves then. */
export async function runScheduledBackups(options: ScheduledBackupOptions): Promise<void> {
  const { dir, log } = options;
  mkdirSync(dir, { recursive: true });
  const metrics = backupMetrics();
  let server: Server | undefined;
  if (options.metrics !== undefined) {
    server = createServer(async (req, res) => {
      if (req.url === "/metrics") {
        res.writeHead(200, { "content-type": metrics.registry.contentType }).end(await metrics.registry.metrics());
      } else if (req.url === "/healthz") res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server!.listen(options.metrics!.port, options.metrics!.host, resolve));
    log.info({ metrics: `http://${options.metrics.host}:${options.metrics.port}/metrics` }, "backup metrics served");
  }
  // The newest backup already there that verifies: the schedule (and the age metric) go on from it.
  const folders = () => readdirSync(dir);
  for (const name of folders()) if (name.startsWith(".partial-")) rmSync(join(dir, name), { recursive: true });
  let lastGood = newestBackup(folders());
  if (lastGood !== undefined) {
    const check = await verifyBackup(join(dir, lastGood.name));
    if (check.ok)
      metrics.good(
        lastGood.at,
        check.buckets.reduce((sum, bucket) => sum + bucket.entries, 0),
      );
    else {
      log.warn({ backup: lastGood.name, problems: check.problems }, "the newest backup does not verify");
      lastGood = undefined;
    }
  }
  metrics.kept(folders().filter((name) => newestBackup([name]) !== undefined).length);
  let due = lastGood === undefined ? Date.now() : lastGood.at.getTime() + options.everyMs;
  try {
    while (options.signal?.aborted !== true) {
      if (due > Date.now()) {
        await sleep(due - Date.now(), undefined, { signal: options.signal }).catch(() => undefined);
        continue;
      }
      const at = new Date();
      const name = backupFolderName(at);
      const partial = join(dir, `.partial-${name}`);
      const started = Date.now();
      try {
        const manifest = await options.backup(partial);
        const check = await verifyBackup(partial);
        if (!check.ok) throw new Error(`the backup does not verify: ${check.problems.join("; ")}`);
        renameSync(partial, join(dir, name));
        due = at.getTime() + options.everyMs;
        metrics.good(at, entriesOf(manifest));
        metrics.ran("success", (Date.now() - started) / 1000);
        const pruned = backupsToPrune(folders(), options.keep);
        for (const old of pruned) rmSync(join(dir, old), { recursive: true, force: true });
        metrics.kept(folders().filter((folder) => newestBackup([folder]) !== undefined).length);
        log.info(
          { backup: name, entries: entriesOf(manifest), seconds: (Date.now() - started) / 1000, pruned },
          "backup taken and verified",
        );
      } catch (error) {
        rmSync(partial, { recursive: true, force: true });
        metrics.ran("failure", (Date.now() - started) / 1000);
        // Tried again within five minutes (sooner where the interval is shorter): the age alert is the
        // operator's, the retry ours.
        due = started + Math.min(options.everyMs, retryMs);
        log.error({ err: error, retryInSeconds: (due - Date.now()) / 1000 }, "backup failed");
      }
    }
  } finally {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  }
}
