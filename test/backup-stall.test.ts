import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { describe, expect, inject, it } from "vitest";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { natsSingleNode } from "../tools/cluster/nats-cluster.ts";
import { takeBackup } from "../tools/backup/backup.ts";
import { decodeLine } from "../tools/backup/backup-format.ts";

/*
 * A backup whose reading of a bucket is interrupted (the server hangs, the connection closes) either
 * completes with every entry, or fails saying where it stopped: never a short file with a manifest
 * that looks whole. A server of the test's own, 3,000 entries in one bucket.
 */
describe(`a backup whose reading is interrupted (real NATS ${inject("drillNatsServer").version}, a server of the test's own)`, () => {
  const entries = 3000;
  /** A backup of the bucket into `<dir>/backup`, a reading starting again after 1 s without an entry. */
  const backupOf = async (nats: NatsConnection, dir: string, onProgress: (written: number) => void) =>
    takeBackup({
      js: jetstream(nats),
      jsm: await jetstreamManager(nats),
      buckets: [{ role: "releases", bucket: "records" }],
      dir: join(dir, "backup"),
      gazetteVersion: "test",
      stall: { stallMs: 1000 },
      onProgress,
    });

  async function withBucket(run: (node: ReturnType<typeof natsSingleNode>, dir: string) => Promise<void>) {
    const dir = mkdtempSync(join(tmpdir(), "gazette-backup-stall-"));
    const node = natsSingleNode(await freePort(), await freePort(), join(dir, "nats"), inject("drillNatsServer"));
    await node.start();
    try {
      const nats = await connect({ servers: node.url });
      const kv = await new Kvm(jetstream(nats)).create("records", { history: 1 });
      await Promise.all(Array.from({ length: entries }, (_, i) => kv.put(`k${i}`, `v${i}`)));
      await nats.close();
      await run(node, dir);
    } finally {
      node.freeze(false);
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("starts a reading again from the next entry when nothing came for stallMs, and writes every entry once", async () => {
    await withBucket(async (node, dir) => {
      const nats = await connect({ servers: node.url });
      try {
        let frozen = false;
        const manifest = await backupOf(nats, dir, (written) => {
          if (written === 100 && !frozen) {
            frozen = true;
            node.freeze();
            setTimeout(() => node.freeze(false), 2500);
          }
        });
        expect(frozen).toBe(true);
        expect(manifest.buckets[0]).toMatchObject({ entries, keys: entries, lastSequence: entries });
        const lines = readFileSync(join(dir, "backup", "records.ndjson"), "utf8")
          .trimEnd()
          .split("\n");
        expect(lines.map((line) => decodeLine(line).seq)).toEqual(Array.from({ length: entries }, (_, i) => i + 1));
      } finally {
        await nats.close();
      }
    });
  }, 60_000);

  it("fails, naming the entry it reached, when the connection closes mid-reading: no manifest of a short backup", async () => {
    await withBucket(async (node, dir) => {
      const nats = await connect({ servers: node.url });
      const backup = backupOf(nats, dir, (written) => {
        if (written === 100) void nats.close();
      });
      await expect(backup).rejects.toThrow(
        /^backup of bucket records: .+, at entry \d+ of 3000; this backup is not complete$/,
      );
      expect(() => readFileSync(join(dir, "backup", "manifest.json"))).toThrow(/ENOENT/);
    });
  }, 60_000);
});
