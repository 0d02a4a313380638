import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { kvStreamName } from "@gazette/shared";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { eventually } from "./support/eventually.ts";
import { natsSingleNode, type NatsNode } from "../tools/cluster/nats-cluster.ts";
import { natsServerAt } from "../tools/cluster/nats-server-binary.ts";
import { takeBackup } from "../tools/backup/backup.ts";
import { decodeLine } from "../tools/backup/backup-format.ts";
import { restoreBackup, RestoreRefused } from "../tools/backup/restore.ts";
import { verifyBackup } from "../tools/backup/verify.ts";
import { startTestIngest, type TestIngest } from "./support/ingest-harness.ts";
import { sampleRelease } from "./support/sample-release.ts";

/*
 * Backup and restore of the record of truth on a NATS server of the test's own (issue 33): the store is
 * destroyed and a fresh server given the backup; every bucket comes back byte for byte, revisions and
 * deletions included; a backup taken while releases are written holds only states they really had.
 */
/** The drills' current nats-server, and the Debian one this machine runs (2.9): a backup restores on both. */
const debianNatsServer = natsServerAt("/usr/sbin/nats-server", "Debian's package (apt install nats-server)");
if (debianNatsServer === undefined)
  throw new Error("no nats-server at /usr/sbin/nats-server: apt install nats-server (the README's set-up)");
const natsServers = [inject("drillNatsServer"), debianNatsServer];

/** Each key's revisions (operation and bytes) in a bucket's stream, oldest first. */
async function revisionsOf(nats: NatsConnection, bucket: string): Promise<Map<string, string[]>> {
  const js = jetstream(nats);
  const jsm = await jetstreamManager(nats);
  const info = await jsm.streams.info(kvStreamName(bucket));
  const byKey = new Map<string, string[]>();
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(kvStreamName(bucket), { seq });
    if (message === null) continue;
    const key = message.subject.slice(`$KV.${bucket}.`.length);
    const op = message.header?.get("KV-Operation") || "PUT";
    byKey.set(key, [...(byKey.get(key) ?? []), `${op} ${Buffer.from(message.data).toString("base64")}`]);
  }
  void js;
  return byKey;
}

describe.each(natsServers)(
  "backup and restore of the record of truth (real NATS $version, a server of the test's own)",
  (natsServer) => {
    const dir = mkdtempSync(join(tmpdir(), "gazette-backup-test-"));
    let node: NatsNode;
    let ingest: TestIngest;
    const backupDir = join(dir, "backup");
    const registryFile = join(dir, "publishers.json");

    beforeAll(async () => {
      node = natsSingleNode(await freePort(), await freePort(), join(dir, "nats"), natsServer);
      await node.start();
      ingest = await startTestIngest("backup", node.url);
      writeFileSync(registryFile, JSON.stringify({ publishers: [] }));
    }, 60_000);

    afterAll(async () => {
      await ingest?.stop().catch(() => undefined);
      await node?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const buckets = () => [
      { role: "releases" as const, bucket: ingest.names.INGEST_RELEASES_BUCKET },
      { role: "publishers" as const, bucket: `publishers-${ingest.names.INGEST_RELEASES_BUCKET}` },
      { role: "upstreams" as const, bucket: ingest.names.INGEST_UPSTREAMS_BUCKET },
      { role: "websub" as const, bucket: `websub-${ingest.names.INGEST_RELEASES_BUCKET}` },
      { role: "reports" as const, bucket: ingest.names.REPORTS_BUCKET },
    ];

    it("backs up releases with their versions and withdrawals, and verifies the backup; a damaged one is refused", async () => {
      for (let i = 0; i < 30; i++)
        expect((await ingest.call("POST", "/v1/releases", sampleRelease(`backup-${i}`))).status).toBe(202);
      for (let i = 0; i < 10; i++)
        expect(
          (
            await ingest.call("PUT", `/v1/releases/backup-${i}`, {
              ...sampleRelease(`backup-${i}`),
              title: `Обновлено ${i}`,
            })
          ).status,
        ).toBe(202);
      for (let i = 20; i < 25; i++)
        expect(
          (await ingest.call("DELETE", `/v1/releases/backup-${i}`, { reason: "опубликовано по ошибке" })).status,
        ).toBe(202);
      // A WebSub subscription of feeds', in its own bucket.
      const kv = await new Kvm(jetstream(ingest.nats)).create(`websub-${ingest.names.INGEST_RELEASES_BUCKET}`, {
        history: 1,
      });
      await kv.put("sub.1", JSON.stringify({ callback: "https://aggregator.example/hook", topic: "/feeds/rss.xml" }));

      const js = jetstream(ingest.nats);
      const jsm = await jetstreamManager(ingest.nats);
      const manifest = await takeBackup({
        js,
        jsm,
        dir: backupDir,
        buckets: buckets(),
        registryFile,
        gazetteVersion: "test",
      });
      const releases = manifest.buckets.find((bucket) => bucket.role === "releases")!;
      expect(releases).toMatchObject({ keys: 30, entries: 45, history: 64 });
      expect(manifest.buckets.find((bucket) => bucket.role === "upstreams")).toMatchObject({ absent: true });
      expect(await verifyBackup(backupDir)).toMatchObject({ ok: true, problems: [] });
      // Readable with ordinary tools: JSON lines, the record as its text.
      const first = decodeLine(readFileSync(join(backupDir, releases.file!), "utf8").split("\n")[0]!);
      expect(JSON.parse(first.text!)).toMatchObject({ release: { version: 1 } });

      const damaged = join(dir, "damaged");
      rmSync(damaged, { recursive: true, force: true });
      await takeBackup({ js, jsm, dir: damaged, buckets: buckets(), gazetteVersion: "test" });
      const file = join(damaged, releases.file!);
      writeFileSync(file, readFileSync(file, "utf8").replace("Обновлено 3", "Подделано 3"));
      const check = await verifyBackup(damaged);
      expect(check.ok).toBe(false);
      expect(check.problems.join("\n")).toMatch(/SHA-256/);
      await expect(restoreBackup({ js, jsm, dir: damaged, force: true })).rejects.toThrow(RestoreRefused);
    });

    it("restores every bucket byte for byte into a NATS whose store was destroyed, refuses a non-empty one, and a second restore writes nothing", async () => {
      const before = new Map<string, Map<string, string[]>>();
      for (const { bucket } of buckets().filter((b) => b.role !== "upstreams"))
        before.set(bucket, await revisionsOf(ingest.nats, bucket));
      await ingest.stop();
      await node.stop();
      rmSync(node.storeDir, { recursive: true, force: true });
      await node.start();
      const nats = await connect({ servers: node.url });
      try {
        const js = jetstream(nats);
        const jsm = await jetstreamManager(nats);
        expect((await jsm.streams.names().next()).length).toBe(0);
        const report = await restoreBackup({ js, jsm, dir: backupDir });
        expect(report.buckets.find((bucket) => bucket.bucket === ingest.names.INGEST_RELEASES_BUCKET)).toMatchObject({
          written: 45,
          mode: "replayed",
        });
        for (const [bucket, revisions] of before) expect(await revisionsOf(nats, bucket), bucket).toEqual(revisions);
        await expect(restoreBackup({ js, jsm, dir: backupDir })).rejects.toThrow(/already holds entries/);
        const again = await restoreBackup({ js, jsm, dir: backupDir, force: true });
        for (const bucket of again.buckets) expect(bucket.written, bucket.bucket).toBe(0);
        expect(again.buckets.find((bucket) => bucket.bucket === ingest.names.INGEST_RELEASES_BUCKET)).toMatchObject({
          mode: "merged",
          skipped: 30,
        });

        // An operator purges the release bucket while the others live on: only it is restored, whole.
        const releasesBucket = ingest.names.INGEST_RELEASES_BUCKET;
        const websubBucket = `websub-${releasesBucket}`;
        await jsm.streams.purge(kvStreamName(releasesBucket));
        const websub = await new Kvm(js).open(websubBucket);
        await websub.put(
          "sub.2",
          JSON.stringify({ callback: "https://portal.example/hook", topic: "/feeds/atom.xml" }),
        );
        const websubNow = await revisionsOf(nats, websubBucket);
        await expect(restoreBackup({ js, jsm, dir: backupDir, only: ["releases", "nonesuch"] })).rejects.toThrow(
          /holds no bucket nonesuch/,
        );
        const only = await restoreBackup({ js, jsm, dir: backupDir, only: ["releases"] });
        expect(only.buckets).toEqual([{ bucket: releasesBucket, written: 45, skipped: 0, mode: "replayed" }]);
        const restored = await revisionsOf(nats, releasesBucket);
        expect([...restored.values()]).toEqual([...before.get(releasesBucket)!.values()]);
        expect(await revisionsOf(nats, websubBucket)).toEqual(websubNow);
      } finally {
        await nats.close();
      }
    }, 60_000);

    it("takes a consistent backup while releases are written: every entry in it is a state its release really had", async () => {
      const live = await startTestIngest("backup-live", node.url);
      try {
        let writing = true;
        let written = 0;
        const writer = (async () => {
          for (let n = 0; writing; n++) {
            await live.call("PUT", `/v1/releases/live-${n % 20}`, {
              ...sampleRelease(`live-${n % 20}`),
              title: `Версия ${n}`,
            });
            written++;
          }
        })();
        // Every release written twice before the backup starts (a fixed 500 ms saw only 19 writes on
        // a busy CI machine), and writes go on during it.
        await eventually(() => expect(written).toBeGreaterThanOrEqual(40), { intervalMs: 20 });
        const js = jetstream(live.nats);
        const jsm = await jetstreamManager(live.nats);
        const liveDir = join(dir, "live");
        const manifest = await takeBackup({
          js,
          jsm,
          dir: liveDir,
          buckets: [{ role: "releases", bucket: live.names.INGEST_RELEASES_BUCKET }],
          gazetteVersion: "test",
        });
        const writtenAtBackupEnd = written;
        await eventually(() => expect(written).toBeGreaterThan(writtenAtBackupEnd + 5), { intervalMs: 20 });
        writing = false;
        await writer;
        const releases = manifest.buckets[0]!;
        expect(releases.entries).toBeGreaterThan(20);
        const history = await revisionsOf(live.nats, live.names.INGEST_RELEASES_BUCKET);
        const lines = readFileSync(join(liveDir, releases.file!), "utf8").trim().split("\n").map(decodeLine);
        for (const line of lines)
          expect(history.get(line.key), line.key).toContain(`PUT ${Buffer.from(line.value).toString("base64")}`);
        // And the stream went on past the backup's last sequence: writes were under way.
        expect(
          (await jsm.streams.info(kvStreamName(live.names.INGEST_RELEASES_BUCKET))).state.last_seq,
        ).toBeGreaterThan(releases.lastSequence!);
      } finally {
        await live.stop();
      }
    }, 60_000);
  },
);
