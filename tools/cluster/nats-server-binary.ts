/**
 * Which `nats-server` the local cluster and the fault drills run. Production pins a current NATS
 * (docker-compose.yml) with `jetstream { sync_interval: always }`; Debian 12's package is 2.9.10, which
 * knows no `sync_interval` and predates the 2.10.23 fix of process-crash stream loss. So the drills run
 * the newest `nats-server` Debian ships (the `testing` suite), fetched once with apt-get into a cache
 * of ours (apt verifies the archive's signature; nothing is installed on the system), unless
 * `NATS_SERVER_BINARY` names one. Where neither can be had, the machine's own runs, and every log line
 * and result says which version that was.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { natsServerBinary } from "../dev-stack/infrastructure.ts";

export interface NatsServerBinary {
  path: string;
  /** As `nats-server --version` prints it, e.g. "2.15.1". */
  version: string;
  /** Where it came from, for logs and results. */
  origin: string;
  /** Whether it knows `jetstream { sync_interval: always }` (2.10 and later). */
  syncAlways: boolean;
}

const suite = "testing";
const listsMaxAgeMs = 24 * 60 * 60 * 1000;

/** "nats-server: v2.15.1" → "2.15.1"; undefined when the binary does not answer. */
function natsServerVersion(path: string): string | undefined {
  const answer = spawnSync(path, ["--version"], { encoding: "utf8", timeout: 10_000 });
  return /v?(\d+\.\d+\.\d+)/.exec(`${answer.stdout ?? ""}${answer.stderr ?? ""}`)?.[1];
}

/** Whether `version` is at least `major.minor`. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split(".").map(Number);
  return a > major || (a === major && b >= minor);
}

/** The binary at `path`, described; undefined when it does not answer `--version`. */
export function natsServerAt(path: string, origin: string): NatsServerBinary | undefined {
  const version = natsServerVersion(path);
  if (version === undefined) return undefined;
  return { path, version, origin, syncAlways: versionAtLeast(version, 2, 10) };
}

function cacheDir(): string {
  return join(process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "gazette", `nats-server-debian-${suite}`);
}

function apt(dir: string, args: string[]): { ok: boolean; output: string } {
  const options = [
    `Dir::Etc::SourceList=${join(dir, "sources.list")}`,
    "Dir::Etc::SourceParts=/dev/null",
    `Dir::State::Lists=${join(dir, "lists")}`,
    `Dir::Cache=${join(dir, "cache")}`,
    "APT::Architectures::=amd64",
    "APT::Sandbox::User=root",
  ].flatMap((option) => ["-o", option]);
  const run = spawnSync("apt-get", ["-q", ...options, ...args], { cwd: dir, encoding: "utf8", timeout: 300_000 });
  return { ok: run.status === 0, output: `${run.stdout ?? ""}${run.stderr ?? ""}`.trim() };
}

/** Fetches (or refreshes daily) Debian testing's nats-server into the cache; the binary's path, or the reason. */
function fetchDebianTesting(log: (message: string) => void): string | { failed: string } {
  const dir = cacheDir();
  const binary = join(dir, "root", "usr", "sbin", "nats-server");
  const lists = join(dir, "lists");
  const fresh = existsSync(binary) && existsSync(lists) && Date.now() - statSync(lists).mtimeMs < listsMaxAgeMs;
  if (fresh) return binary;
  if (spawnSync("apt-get", ["--version"]).status !== 0) return { failed: "apt-get is not on this machine" };
  mkdirSync(join(lists, "partial"), { recursive: true });
  mkdirSync(join(dir, "cache", "archives", "partial"), { recursive: true });
  writeFileSync(
    join(dir, "sources.list"),
    `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian ${suite} main\n`,
  );
  log(`nats-server: asking Debian ${suite} for its newest nats-server (cached in ${dir})…`);
  const update = apt(dir, ["update"]);
  if (!update.ok) return { failed: `apt-get update failed: ${update.output.split("\n").slice(-2).join(" ")}` };
  for (const old of readdirSync(dir).filter((name) => name.endsWith(".deb"))) rmSync(join(dir, old));
  const download = apt(dir, ["download", "nats-server"]);
  const deb = readdirSync(dir).find((name) => name.endsWith(".deb"));
  if (!download.ok || deb === undefined) return { failed: `apt-get download failed: ${download.output}` };
  rmSync(join(dir, "root"), { recursive: true, force: true });
  const unpack = spawnSync("dpkg-deb", ["-x", join(dir, deb), join(dir, "root")], { encoding: "utf8" });
  if (unpack.status !== 0 || !existsSync(binary)) return { failed: `dpkg-deb -x failed: ${unpack.stderr}` };
  return binary;
}

/** The nats-server the cluster and the drills run (see the module comment); logs which and why. */
export function currentNatsServer(log: (message: string) => void): NatsServerBinary {
  const given = process.env["NATS_SERVER_BINARY"];
  if (given !== undefined && given !== "") {
    const chosen = natsServerAt(given, "NATS_SERVER_BINARY");
    if (chosen === undefined) throw new Error(`NATS_SERVER_BINARY=${given} does not answer --version`);
    return chosen;
  }
  const fetched = fetchDebianTesting(log);
  const debian = typeof fetched === "string" ? natsServerAt(fetched, `Debian ${suite}'s package`) : undefined;
  if (debian !== undefined) return debian;
  const machine = natsServerAt(natsServerBinary(), "this machine's");
  if (machine === undefined) throw new Error("no nats-server answers: install Debian's nats-server");
  const why = typeof fetched === "string" ? "it did not run" : fetched.failed;
  log(
    `nats-server: WARNING Debian ${suite}'s nats-server could not be had (${why}); running this machine's ` +
      `${machine.version}${machine.syncAlways ? "" : " without sync_interval: always, unlike production"}. ` +
      "Fix: set NATS_SERVER_BINARY to a current nats-server binary.",
  );
  return machine;
}
