/**
 * `npm run gazette -- backup --to DIR`: everything Gazette cannot rebuild, from NATS, into a folder of
 * the format of backup-format.ts. Each bucket is read as a prefix of its stream: from its first entry
 * to the last sequence it had when the backup reached it (an ordered consumer, messages written to the
 * file as they come: memory stays bounded whatever the size), so every entry in the backup is a value
 * its key really had, whatever is written meanwhile. ADR 0022.
 */
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from "@nats-io/jetstream";
import { apiErrorIs, kvStreamName, kvSubjects, stallGuard } from "@gazette/shared";
import { JetStreamApiCodes } from "@nats-io/jetstream";
import { backupFormat, encodeLine, type BackupBucket, type BackupManifest, type BucketRole } from "./backup-format.ts";

export interface BackupSource {
  role: BucketRole;
  bucket: string;
}

export interface BackupOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  buckets: readonly BackupSource[];
  dir: string;
  /** The publisher registry file, copied as it is. */
  registryFile?: string;
  gazetteVersion: string;
  /** Told how many entries are written so far, and how many there are in all. */
  onProgress?: (written: number, total: number) => void;
  /** When a bucket's reading starts again, and when the backup gives up. */
  stall?: StallPolicy;
}

const nanosToMs = (nanos: number) => Math.round(nanos / 1_000_000);

/** How long a bucket's reading may get nothing while entries are due before it starts again, and how often. */
export interface StallPolicy {
  /** Default 30 s. */
  stallMs?: number;
  /** Readings in all, the first included. Default 3. */
  attempts?: number;
}

/**
 * Streams one bucket's entries (up to `lastSequence`) into its file; its line count, keys and hash.
 * A reading that gets nothing for `stallMs` while entries are due, or whose consumer ends before the
 * last sequence (the connection closed), starts again on a new consumer from the next entry; after
 * `attempts` readings the backup fails, naming the entry it reached: never a short file that looks whole.
 */
async function writeBucket(
  js: JetStreamClient,
  source: BackupSource,
  lastSequence: number,
  file: string,
  progress: (entries: number) => void,
  policy: StallPolicy = {},
): Promise<{ entries: number; keys: number; sha256: string; bytes: number }> {
  const stallMs = policy.stallMs ?? 30_000;
  const attempts = policy.attempts ?? 3;
  const out = createWriteStream(file);
  const hash = createHash("sha256");
  const latest = new Map<string, string>();
  let entries = 0;
  let bytes = 0;
  const write = async (text: string) => {
    hash.update(text);
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  };
  const prefix = `$KV.${source.bucket}.`;
  let lastWritten = 0;
  let done = lastSequence === 0;
  const stopped = (why: string, cause?: unknown) => {
    out.end(); // what was read stays on disk; without a manifest it is no backup
    return new Error(
      `backup of bucket ${source.bucket}: ${why}, at entry ${lastWritten} of ${lastSequence}; this backup is not complete`,
      { cause },
    );
  };
  for (let attempt = 1; !done; attempt++) {
    const messages = await js.consumers
      .get(kvStreamName(source.bucket), {
        ...(lastWritten === 0
          ? { deliver_policy: DeliverPolicy.All }
          : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: lastWritten + 1 }),
        filter_subjects: kvSubjects(source.bucket),
      })
      .then((consumer) => consumer.consume({ max_messages: 512 }))
      .catch((error: unknown) => {
        throw stopped(`its reading could not start (${error instanceof Error ? error.message : String(error)})`, error);
      });
    let failure: unknown;
    const stall = stallGuard(() => messages.stop(), stallMs);
    try {
      for await (const message of messages) {
        stall.pause();
        if (message.seq > lastSequence) {
          done = true;
          break;
        }
        const operation = message.headers?.get("KV-Operation");
        const op = operation === "DEL" || operation === "PURGE" ? operation : "PUT";
        const key = message.subject.slice(prefix.length);
        latest.set(key, op);
        await write(
          `${encodeLine({ seq: message.seq, key, op, created: new Date(nanosToMs(message.info.timestampNanos)), value: message.data })}\n`,
        );
        lastWritten = message.seq;
        progress(++entries);
        // Done at the last sequence, or when nothing more is there (that entry was removed meanwhile: aged out).
        if (message.seq >= lastSequence || message.info.pending === 0) {
          done = true;
          break;
        }
        stall.rearm();
      }
    } catch (error) {
      // The reading broke off (the connection closed, the consumer went): start again, or say so below.
      failure = error;
    } finally {
      stall.pause();
      messages.stop();
    }
    if (!done && attempt >= attempts) {
      const why = stall.stalled
        ? `no entry came for ${stallMs} ms`
        : failure instanceof Error
          ? `its reading broke off (${failure.message})`
          : "its reading ended early";
      throw stopped(`${why} ${attempts} times`, failure);
    }
  }
  out.end();
  await once(out, "finish");
  const keys = [...latest.values()].filter((op) => op === "PUT").length;
  return { entries, keys, sha256: hash.digest("hex"), bytes };
}

/** The bucket's stream as it is now, or undefined when the bucket does not exist. */
async function streamOf(jsm: JetStreamManager, bucket: string) {
  try {
    return await jsm.streams.info(kvStreamName(bucket));
  } catch (error) {
    if (apiErrorIs(error, JetStreamApiCodes.StreamNotFound)) return undefined;
    throw error;
  }
}

/** Takes a backup into `dir` (made if missing; it should be empty); resolves with its manifest. */
export async function takeBackup(options: BackupOptions): Promise<BackupManifest> {
  const started = Date.now();
  mkdirSync(options.dir, { recursive: true });
  const infos = await Promise.all(options.buckets.map((source) => streamOf(options.jsm, source.bucket)));
  const total = infos.reduce((sum, info) => sum + (info?.state.messages ?? 0), 0);
  let before = 0;
  const buckets: BackupBucket[] = [];
  for (const [index, source] of options.buckets.entries()) {
    const info = infos[index];
    if (info === undefined) {
      buckets.push({ role: source.role, bucket: source.bucket, absent: true });
      continue;
    }
    const file = `${source.bucket}.ndjson`;
    // Read again just before reading the stream: what is written from here on is not in the backup.
    const lastSequence = (await options.jsm.streams.info(info.config.name)).state.last_seq;
    const written = await writeBucket(
      options.js,
      source,
      lastSequence,
      join(options.dir, file),
      (entries) => options.onProgress?.(before + entries, total),
      options.stall,
    );
    before += written.entries;
    buckets.push({
      role: source.role,
      bucket: source.bucket,
      history: info.config.max_msgs_per_subject,
      ttlMs: nanosToMs(info.config.max_age),
      replicas: info.config.num_replicas,
      lastSequence,
      file,
      ...written,
    });
  }
  const manifest: BackupManifest = {
    format: backupFormat,
    gazetteVersion: options.gazetteVersion,
    createdAt: new Date(started).toISOString(),
    tookMs: Date.now() - started,
    buckets,
  };
  if (options.registryFile !== undefined) {
    const registry = readFileSync(options.registryFile);
    writeFileSync(join(options.dir, "publishers.json"), registry, { mode: 0o600 });
    manifest.registry = {
      file: "publishers.json",
      sha256: createHash("sha256").update(registry).digest("hex"),
      bytes: registry.byteLength,
    };
  }
  writeFileSync(join(options.dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
