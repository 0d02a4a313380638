/**
 * Gazette's backup format (ADR 0022): a folder any operator can read with ordinary tools.
 *
 *   manifest.json        what the backup holds: format, Gazette's version, when, and per bucket its
 *                        settings, how many entries, its stream's last sequence, the file's SHA-256
 *   <bucket>.ndjson      one line per entry of the bucket's stream, oldest first (every revision the
 *                        bucket keeps): {"seq", "key", "op", "created", "text" | "base64"}
 *   publishers.json      the publisher registry file, when one was given
 *
 * `jq` reads every line, `sha256sum` checks every file against the manifest.
 */

export const backupFormat = "gazette-backup/1";

/** What a bucket is to Gazette, so a restore knows it (and an operator reading the manifest too). */
export type BucketRole = "releases" | "publishers" | "upstreams" | "websub" | "reports";

export interface BackupBucket {
  role: BucketRole;
  /** The bucket's name in this deployment (INGEST_RELEASES_BUCKET, …). */
  bucket: string;
  /** Absent from NATS when the backup was taken (a feature not in use): no file. */
  absent?: true;
  /** Versions kept per key, and age limit in ms (0: none), as the bucket was made. */
  history?: number;
  ttlMs?: number;
  replicas?: number;
  /** The stream's last sequence the backup reads up to (a consistent prefix of the stream). */
  lastSequence?: number;
  /** Lines in the file: entries (revisions) of all keys. */
  entries?: number;
  /** Keys whose latest entry is a value (not deleted). */
  keys?: number;
  file?: string;
  sha256?: string;
  bytes?: number;
}

export interface BackupManifest {
  format: typeof backupFormat;
  gazetteVersion: string;
  createdAt: string;
  /** How long the backup took, in ms. */
  tookMs: number;
  buckets: BackupBucket[];
  registry?: { file: string; sha256: string; bytes: number };
}

/** One entry of a bucket's stream, as a line of its file. */
export interface BackupLine {
  seq: number;
  key: string;
  op: "PUT" | "DEL" | "PURGE";
  created: string;
  /** The value, when it is UTF-8 text (every bucket of Gazette's holds JSON). */
  text?: string;
  /** The value's bytes otherwise. */
  base64?: string;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** An entry as its line (without the newline): text when the bytes are UTF-8, base64 when not. */
export function encodeLine(entry: {
  seq: number;
  key: string;
  op: BackupLine["op"];
  created: Date;
  value: Uint8Array;
}): string {
  const line: BackupLine = { seq: entry.seq, key: entry.key, op: entry.op, created: entry.created.toISOString() };
  if (entry.op === "PUT") {
    try {
      line.text = strictUtf8.decode(entry.value);
    } catch {
      line.base64 = Buffer.from(entry.value).toString("base64");
    }
  }
  return JSON.stringify(line);
}

/** A line back to its entry's key, operation and exact bytes; throws naming what is wrong. */
export function decodeLine(text: string): BackupLine & { value: Uint8Array } {
  const line = JSON.parse(text) as BackupLine;
  if (!Number.isInteger(line.seq) || typeof line.key !== "string" || !["PUT", "DEL", "PURGE"].includes(line.op))
    throw new Error(`not a backup line: ${text.slice(0, 120)}`);
  const value =
    line.text !== undefined
      ? new TextEncoder().encode(line.text)
      : line.base64 !== undefined
        ? new Uint8Array(Buffer.from(line.base64, "base64"))
        : new Uint8Array();
  return { ...line, value };
}
