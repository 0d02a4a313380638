/**
 * `npm run gazette -- backup --verify DIR`: checks a backup without restoring it: the manifest's
 * format, every file's SHA-256 and size, every line readable, sequences rising and none past the
 * bucket's last sequence, and the counts of entries and keys. ADR 0022.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { backupFormat, decodeLine, type BackupManifest } from "./backup-format.ts";

export interface VerifyReport {
  ok: boolean;
  problems: string[];
  manifest?: BackupManifest;
  /** Per bucket: entries and keys found. */
  buckets: { bucket: string; entries: number; keys: number }[];
}

/** Reads a backup's manifest; throws naming what is wrong. */
export function readManifest(dir: string): BackupManifest {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) throw new Error(`${dir} holds no manifest.json: not a Gazette backup`);
  const manifest = JSON.parse(readFileSync(file, "utf8")) as BackupManifest;
  if (manifest.format !== backupFormat)
    throw new Error(`${file}: format ${JSON.stringify(manifest.format)}, not ${backupFormat}`);
  return manifest;
}

async function checkFile(dir: string, bucket: BackupManifest["buckets"][number], problems: string[]) {
  const path = join(dir, bucket.file!);
  if (!existsSync(path)) {
    problems.push(`${bucket.file}: missing`);
    return { entries: 0, keys: 0 };
  }
  if (statSync(path).size !== bucket.bytes)
    problems.push(`${bucket.file}: ${statSync(path).size} bytes, the manifest says ${bucket.bytes}`);
  const hash = createHash("sha256");
  const latest = new Map<string, string>();
  let entries = 0;
  let lastSeq = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const text of lines) {
    hash.update(`${text}\n`);
    try {
      const line = decodeLine(text);
      if (line.seq <= lastSeq) problems.push(`${bucket.file}:${entries + 1}: sequence ${line.seq} after ${lastSeq}`);
      if (line.seq > (bucket.lastSequence ?? 0))
        problems.push(`${bucket.file}:${entries + 1}: sequence ${line.seq} past the backup's ${bucket.lastSequence}`);
      lastSeq = line.seq;
      latest.set(line.key, line.op);
    } catch (error) {
      problems.push(`${bucket.file}:${entries + 1}: ${(error as Error).message}`);
    }
    entries++;
  }
  const sha256 = hash.digest("hex");
  if (sha256 !== bucket.sha256) problems.push(`${bucket.file}: SHA-256 ${sha256}, the manifest says ${bucket.sha256}`);
  const keys = [...latest.values()].filter((op) => op === "PUT").length;
  if (entries !== bucket.entries)
    problems.push(`${bucket.file}: ${entries} entries, the manifest says ${bucket.entries}`);
  if (keys !== bucket.keys) problems.push(`${bucket.file}: ${keys} keys, the manifest says ${bucket.keys}`);
  return { entries, keys };
}

/** Every check of a backup; `ok` when there is no problem. */
export async function verifyBackup(dir: string): Promise<VerifyReport> {
  const problems: string[] = [];
  let manifest: BackupManifest;
  try {
    manifest = readManifest(dir);
  } catch (error) {
    return { ok: false, problems: [(error as Error).message], buckets: [] };
  }
  const buckets: VerifyReport["buckets"] = [];
  for (const bucket of manifest.buckets) {
    if (bucket.absent === true) continue;
    buckets.push({ bucket: bucket.bucket, ...(await checkFile(dir, bucket, problems)) });
  }
  if (manifest.registry !== undefined) {
    const registry = readFileSync(join(dir, manifest.registry.file));
    if (createHash("sha256").update(registry).digest("hex") !== manifest.registry.sha256)
      problems.push(`${manifest.registry.file}: SHA-256 differs from the manifest's`);
  }
  return { ok: problems.length === 0, problems, manifest, buckets };
}
