import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger, kvStreamName } from "@gazette/shared";
import { takeBackup } from "../tools/backup/backup.ts";
import { backupFolderName, backupFolderTime, backupsToPrune, newestBackup } from "../tools/backup/schedule.ts";
import { runScheduledBackups } from "../tools/backup/scheduled.ts";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { eventually } from "./support/eventually.ts";

describe("which scheduled backups are kept", () => {
  it("names a backup by its UTC time, sortable and without colons, and reads the time back", () => {
    const at = new Date("2026-12-06T15:04:05.678Z");
    expect(backupFolderName(at)).toBe("gazette-backup-2026-12-06T15-04-05Z");
    expect(backupFolderTime(backupFolderName(at))).toEqual(new Date("2026-12-06T15:04:05Z"));
    for (const other of [
      ".partial-gazette-backup-2026-12-06T15-04-05Z",
      "my-backup",
      "gazette-backup-2026-13-45T99-00-00Z",
    ])
      expect(backupFolderTime(other), other).toBeUndefined();
  });

  it("keeps the newest n, whatever the order they are listed in, and never touches other folders", () => {
    const names = [
      "gazette-backup-2026-12-06T13-00-00Z",
      "operator-copy",
      "gazette-backup-2026-12-06T15-00-00Z",
      ".partial-gazette-backup-2026-12-06T16-00-00Z",
      "gazette-backup-2026-12-05T23-00-00Z",
      "gazette-backup-2026-12-06T14-00-00Z",
    ];
    expect(backupsToPrune(names, 2).sort()).toEqual([
      "gazette-backup-2026-12-05T23-00-00Z",
      "gazette-backup-2026-12-06T13-00-00Z",
    ]);
    expect(backupsToPrune(names, 10)).toEqual([]);
    expect(newestBackup(names)?.name).toBe("gazette-backup-2026-12-06T15-00-00Z");
    expect(() => backupsToPrune(names, 0)).toThrow(RangeError);
  });
});

describe("scheduled backups on a real NATS", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-scheduled-"));
  const bucket = `scheduled-${Date.now()}`;
  const log = createLogger("backup-test", "silent");
  let nats: Awaited<ReturnType<typeof connect>>;

  beforeAll(async () => {
    nats = await connect({ servers: inject("natsUrl") });
    const kv = await new Kvm(jetstream(nats)).create(bucket, { history: 4 });
    for (let i = 0; i < 5; i++) await kv.put(`release.${i}`, JSON.stringify({ version: 1, n: i }));
  });

  afterAll(async () => {
    await (await jetstreamManager(nats)).streams.delete(kvStreamName(bucket)).catch(() => undefined);
    await nats.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const backupOf = async (into: string) =>
    takeBackup({
      js: jetstream(nats),
      jsm: await jetstreamManager(nats),
      dir: into,
      buckets: [{ role: "releases", bucket }],
      gazetteVersion: "test",
    });
  const metricsOf = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const sample = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);

  it("takes one at once and then every interval, keeps the newest n, and says when the last good one was taken", async () => {
    const into = join(dir, "every");
    const port = await freePort();
    const stop = new AbortController();
    // Each folder name is to the second: an interval of just over a second gives each its own.
    const running = runScheduledBackups({
      dir: into,
      everyMs: 1100,
      keep: 2,
      backup: backupOf,
      log,
      metrics: { host: "127.0.0.1", port },
      signal: stop.signal,
    });
    await eventually(
      async () =>
        expect(sample(await metricsOf(port), 'gazette_backup_runs_total{outcome="success"}')).toBeGreaterThanOrEqual(3),
      { timeoutMs: 15_000 },
    );
    stop.abort();
    await running;
    const kept = readdirSync(into);
    expect(kept).toHaveLength(2);
    for (const name of kept) expect(backupFolderTime(name), name).toBeDefined();
    const metrics = await (async () => {
      // Served while running only: start it again with a long interval to read what it finds.
      const again = new AbortController();
      const port2 = await freePort();
      let ran = 0;
      const resumed = runScheduledBackups({
        dir: into,
        everyMs: 3_600_000,
        keep: 2,
        backup: async (folder) => {
          ran++;
          return backupOf(folder);
        },
        log,
        metrics: { host: "127.0.0.1", port: port2 },
        signal: again.signal,
      });
      await eventually(async () => expect(await metricsOf(port2)).toMatch(/gazette_backup_last_good_age_seconds \d/));
      const text = await metricsOf(port2);
      again.abort();
      await resumed;
      // The newest backup there is an hour's interval from due: nothing was taken on start.
      expect(ran).toBe(0);
      return text;
    })();
    const newest = newestBackup(kept)!;
    expect(sample(metrics, "gazette_backup_last_success_timestamp_seconds")).toBe(newest.at.getTime() / 1000);
    expect(sample(metrics, "gazette_backup_last_good_age_seconds")).toBeGreaterThanOrEqual(0);
    expect(sample(metrics, "gazette_backup_last_good_age_seconds")).toBeLessThan(60);
    expect(sample(metrics, "gazette_backup_kept")).toBe(2);
    expect(sample(metrics, "gazette_backup_last_entries")).toBe(5);
  }, 30_000);

  it("counts a failed run and leaves no partial backup behind; with no good backup yet, the age is without end", async () => {
    const into = join(dir, "failing");
    mkdirSync(into, { recursive: true });
    const port = await freePort();
    const stop = new AbortController();
    const running = runScheduledBackups({
      dir: into,
      everyMs: 60_000,
      keep: 2,
      backup: async (folder) => {
        mkdirSync(folder, { recursive: true });
        throw new Error("NATS is away");
      },
      log,
      metrics: { host: "127.0.0.1", port },
      signal: stop.signal,
    });
    await eventually(async () =>
      expect(sample(await metricsOf(port), 'gazette_backup_runs_total{outcome="failure"}')).toBe(1),
    );
    const text = await metricsOf(port);
    stop.abort();
    await running;
    expect(sample(text, 'gazette_backup_runs_total{outcome="success"}')).toBe(0);
    // No good backup ever: an age without end (the alert fires), and no time of one.
    expect(text).toMatch(/^gazette_backup_last_good_age_seconds \+Inf$/m);
    expect(sample(text, "gazette_backup_last_success_timestamp_seconds")).toBe(0);
    expect(readdirSync(into)).toEqual([]);
  });
});
