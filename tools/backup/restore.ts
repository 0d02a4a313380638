/**
 * `npm run gazette -- restore --from DIR`: a backup back into NATS. Into empty buckets every entry is
 * written again in order (each key's revisions, deletions included, so the record of truth keeps its
 * versions); a bucket that holds entries is refused, naming it, unless `force`, and then only the keys
 * whose latest state differs from the backup's are written: restoring twice writes nothing the second
 * time. `only` restores some buckets and leaves the others as they are (a purged release bucket under
 * running services). The backup is verified first; nothing is written from a damaged one. ADR 0022.
 */
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { JetStreamApiCodes } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import { apiErrorIs, bucketEntries, kvStreamName, openBucket } from "@gazette/shared";
import { decodeLine, type BackupBucket, type BackupManifest } from "./backup-format.ts";
import { verifyBackup } from "./verify.ts";

/** The restore would overwrite what NATS holds, or the backup is damaged: nothing was written. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefused";
  }
}

export interface RestoreOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  dir: string;
  /** Restore into buckets that hold entries (only the keys whose latest state differs are written). */
  force?: boolean;
  /** Only these buckets, by role (`releases`, `publishers`, `upstreams`, `websub`, `reports`) or name; default all. */
  only?: string[];
  /** Copies of each bucket made (NATS_REPLICAS); default: as the backup's buckets were. */
  replicas?: number;
  onProgress?: (written: number, total: number) => void;
}

export interface RestoreReport {
  buckets: { bucket: string; written: number; skipped: number; mode: "replayed" | "merged" }[];
  tookMs: number;
}

/** Writes at most this many entries at once (a key's revisions in their order). */
const window = 256;

async function linesOf(dir: string, bucket: BackupBucket) {
  return createInterface({ input: createReadStream(join(dir, bucket.file!)), crlfDelay: Number.POSITIVE_INFINITY });
}

function apply(kv: KV, line: ReturnType<typeof decodeLine>): Promise<unknown> {
  if (line.op === "DEL") return kv.delete(line.key);
  if (line.op === "PURGE") return kv.purge(line.key);
  return kv.put(line.key, line.value);
}

/** Every entry again, in order: many keys at once, each key's revisions one after another. */
async function replay(kv: KV, dir: string, bucket: BackupBucket, progress: () => void): Promise<number> {
  const lastOfKey = new Map<string, Promise<unknown>>();
  const inFlight = new Set<Promise<unknown>>();
  let written = 0;
  for await (const text of await linesOf(dir, bucket)) {
    const line = decodeLine(text);
    if (inFlight.size >= window) await Promise.race(inFlight);
    const previous = lastOfKey.get(line.key) ?? Promise.resolve();
    const write = previous.then(() => apply(kv, line));
    const tracked = write.finally(() => {
      inFlight.delete(tracked);
      // Only keys with a write under way are remembered: memory stays bounded by the window.
      if (lastOfKey.get(line.key) === write) lastOfKey.delete(line.key);
    });
    inFlight.add(tracked);
    lastOfKey.set(line.key, write);
    written++;
    progress();
  }
  await Promise.all(inFlight);
  return written;
}

/** Only the keys whose latest state differs from the backup's (a bucket that already holds entries). */
async function merge(
  js: JetStreamClient,
  kv: KV,
  dir: string,
  bucket: BackupBucket,
): Promise<{ written: number; skipped: number }> {
  const wanted = new Map<string, ReturnType<typeof decodeLine>>();
  for await (const text of await linesOf(dir, bucket)) {
    const line = decodeLine(text);
    wanted.set(line.key, line);
  }
  const current = new Map<string, Buffer | undefined>();
  for await (const entry of bucketEntries(js, bucket.bucket))
    current.set(entry.key, entry.operation === "PUT" ? Buffer.from(entry.value) : undefined);
  let written = 0;
  let skipped = 0;
  for (const line of wanted.values()) {
    const now = current.get(line.key);
    const same = line.op === "PUT" ? now?.equals(Buffer.from(line.value)) === true : now === undefined;
    if (same) skipped++;
    else {
      await apply(kv, line);
      written++;
    }
  }
  return { written, skipped };
}

async function messagesIn(jsm: JetStreamManager, bucket: string): Promise<number> {
  try {
    return (await jsm.streams.info(kvStreamName(bucket))).state.messages;
  } catch (error) {
    if (apiErrorIs(error, JetStreamApiCodes.StreamNotFound)) return 0;
    throw error;
  }
}

/** Restores the backup in `dir`; refuses (RestoreRefused) a damaged backup, or buckets with entries unless `force`. */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  const started = Date.now();
  const verified = await verifyBackup(options.dir);
  if (!verified.ok)
    throw new RestoreRefused(`the backup in ${options.dir} is damaged: ${verified.problems.join("; ")}`);
  const manifest = verified.manifest as BackupManifest;
  const only = options.only ?? [];
  const unknown = only.filter((name) => !manifest.buckets.some((b) => b.role === name || b.bucket === name));
  if (unknown.length > 0)
    throw new RestoreRefused(
      `the backup holds no bucket ${unknown.join(", ")}: it holds ${manifest.buckets.map((b) => `${b.role} (${b.bucket})`).join(", ")}`,
    );
  const buckets = manifest.buckets.filter(
    (bucket) =>
      bucket.absent !== true && (only.length === 0 || only.includes(bucket.role) || only.includes(bucket.bucket)),
  );
  const holding: string[] = [];
  for (const bucket of buckets) if ((await messagesIn(options.jsm, bucket.bucket)) > 0) holding.push(bucket.bucket);
  if (holding.length > 0 && options.force !== true)
    throw new RestoreRefused(
      `NATS already holds entries in ${holding.join(", ")}: restore into an empty NATS, or give --force to write only what differs`,
    );
  const total = buckets.reduce((sum, bucket) => sum + (bucket.entries ?? 0), 0);
  let done = 0;
  const report: RestoreReport = { buckets: [], tookMs: 0 };
  for (const bucket of buckets) {
    const kv = await openBucket(options.js, bucket.bucket, {
      history: bucket.history ?? 1,
      replicas: options.replicas ?? bucket.replicas ?? 1,
      ...(bucket.ttlMs === undefined || bucket.ttlMs === 0 ? {} : { ttl: bucket.ttlMs }),
    });
    if (holding.includes(bucket.bucket)) {
      const merged = await merge(options.js, kv, options.dir, bucket);
      done += bucket.entries ?? 0;
      options.onProgress?.(done, total);
      report.buckets.push({ bucket: bucket.bucket, ...merged, mode: "merged" });
    } else {
      const written = await replay(kv, options.dir, bucket, () => options.onProgress?.(++done, total));
      report.buckets.push({ bucket: bucket.bucket, written, skipped: 0, mode: "replayed" });
    }
  }
  report.tookMs = Date.now() - started;
  return report;
}
