/**
 * A class-data-sharing archive (the JVM's CDS) of the classes an OpenSearch node loads as it starts
 * (ADR 0038): made once per build of the launcher by a node that starts and stops, then mapped by every
 * node started after (plain or secured: the archive's classpath is the start of a secured node's). A
 * node then starts in about half the CPU time. Never a reason for a start to fail: without an archive,
 * or with one the JVM finds stale (`-Xshare:auto`), nodes start as before.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Where the archive for these jars and this JVM lives: its name holds a digest of the JVM's version and
 * of every jar's name, size and time, so a new build or another JVM makes a new one.
 */
export function classArchivePath(archiveDir: string, libDir: string, java: string): string {
  const digest = createHash("sha256");
  const version = spawnSync(java, ["-version"], { encoding: "utf8" });
  digest.update(`${java}\n${version.stderr ?? ""}\n`);
  for (const jar of readdirSync(libDir).sort()) {
    const stat = statSync(join(libDir, jar));
    digest.update(`${jar} ${stat.size} ${stat.mtimeMs}\n`);
  }
  return join(archiveDir, `opensearch-${digest.digest("hex").slice(0, 16)}.jsa`);
}

/** The JVM options that map an archive. */
export function usingClassArchive(path: string): string[] {
  return [`-XX:SharedArchiveFile=${path}`, "-Xshare:auto"];
}

/** The JVM options that write one at the JVM's exit. */
export function writingClassArchive(path: string): string[] {
  return [`-XX:ArchiveClassesAtExit=${path}`];
}

/**
 * The archive at `path`, made first when missing: `train(temporary)` starts and stops a node that
 * writes it to `temporary`, which then takes its place (archives of older builds are removed).
 * Resolves undefined, having said why, when none could be made.
 */
export async function ensureClassArchive(
  path: string,
  train: (temporary: string) => Promise<void>,
  log: (message: string) => void,
): Promise<string | undefined> {
  if (existsSync(path)) return path;
  const dir = join(path, "..");
  mkdirSync(dir, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const started = Date.now();
  log("opensearch-local: recording the classes a node loads, for faster starts (once per build)…");
  try {
    await train(temporary);
    if (!existsSync(temporary) || statSync(temporary).size === 0) throw new Error("the JVM wrote no archive");
    for (const old of readdirSync(dir))
      if (old.endsWith(".jsa") && join(dir, old) !== path) rmSync(join(dir, old), { force: true });
    renameSync(temporary, path);
    log(`opensearch-local: class archive made in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return path;
  } catch (error) {
    rmSync(temporary, { force: true });
    log(`opensearch-local: no class archive (${(error as Error).message}); nodes start without one`);
    return undefined;
  }
}
