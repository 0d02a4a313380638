/**
 * A real single-node OpenSearch 2.19 from Maven Central jars: builds the launcher once (Maven), starts
 * it on a given or free port, waits for /_cluster/health, and stops it cleanly.
 *
 * CLI: `node tools/opensearch-local/opensearch-local.ts [--port 9200] [--home DIR]` runs until Ctrl-C.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
  readdirSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, fetch as undiciFetch } from "undici";
import { stringify } from "yaml";
import { startProgress } from "../progress/progress.ts";
import type { Secrets } from "../secrets/secrets.ts";
import { securityNodeSettings } from "../secrets/opensearch-security.ts";
import { classArchivePath, ensureClassArchive, usingClassArchive, writingClassArchive } from "./class-archive.ts";
import { LastLines } from "../process-output/last-lines.ts";

const projectDir = import.meta.dirname;
const libDir = join(projectDir, "target", "lib");
/** The security plugin's jars (unpacked from its Maven zip by the build). */
const securityDir = join(projectDir, "target", "security");
const launcherJar = join(libDir, "opensearch-local.jar");
/** The class archive nodes start with (ADR 0038). */
const archiveDir = join(projectDir, "target", "cds");
/** Gazette's analysis plugin, compiled into the launcher (ADR 0030): a change to it rebuilds the launcher. */
const analysisPluginSources = join(projectDir, "..", "opensearch-analysis", "src");
const mainClass = "org.gazette.opensearchlocal.LocalOpenSearch";
/** How much of the node's output a failed start shows. */
const lastLines = 25;

export interface LocalOpenSearch {
  url: string;
  port: number;
  home: string;
  /** Stops the node (SIGTERM, then SIGKILL after 30 s) and removes a temporary home. */
  stop(): Promise<void>;
  /** Kills the node at once (SIGKILL), leaving its home (fault drills). */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** HTTP port; default: a free one. */
  port?: number;
  /** Data folder; default: a new temporary one, removed on stop. */
  home?: string;
  /** How long to wait for a green or yellow cluster, in ms. Default 180 s. */
  startTimeoutMs?: number;
  /** Where the node's console output goes. Default: discarded unless start fails. */
  onOutput?: (line: string) => void;
  /**
   * A node of a cluster on loopback (default: a single-node cluster): its own transport port, and every
   * node's (its own included) to find the others and hold the first election among.
   */
  cluster?: { transportPort: number; seedTransportPorts: number[] };
  /** Heap in MB. Default: 512 initial, 1024 most; a cluster node: 512 both. */
  heapMb?: number;
  /**
   * The security plugin on, with these secrets (tools/secrets): TLS on HTTP and transport, sign-in
   * required; the node is then at `https://…`, and waited for as Gazette's admin. Default: off.
   */
  security?: Secrets;
}

/** How the launcher reaches a node it started: its URL, and the admin's sign-in and CA when secured. */
interface NodeAccess {
  url: string;
  headers: Record<string, string>;
  dispatcher?: Agent;
}

/** The node's config folder with the security plugin's settings, certificates and configuration. */
function configureSecurity(home: string, secrets: Secrets): void {
  const config = join(home, "config");
  mkdirSync(config, { recursive: true });
  cpSync(secrets.caFile, join(config, "ca.pem"));
  cpSync(secrets.openSearchNode.certFile, join(config, "opensearch-node.pem"));
  cpSync(secrets.openSearchNode.keyFile, join(config, "opensearch-node-key.pem"));
  cpSync(secrets.openSearchNode.securityConfigDir, join(config, "opensearch-security"), { recursive: true });
  const settings = securityNodeSettings({ node: secrets.openSearchNodeDn, admin: secrets.openSearchAdminCert.dn });
  writeFileSync(join(config, "opensearch.yml"), stringify(settings));
}

/** The JVM's classpath: the launcher's jars, and with the security plugin its jars that OpenSearch's are not. */
function classpath(secured: boolean): string {
  if (!secured) return `${libDir}/*`;
  const artifact = (jar: string) => jar.replace(/-\d[\w.-]*\.jar$/, "");
  const own = new Set(readdirSync(libDir).map(artifact));
  const pluginJars = readdirSync(securityDir)
    .filter((jar) => jar.endsWith(".jar") && !own.has(artifact(jar)))
    .map((jar) => join(securityDir, jar));
  return [`${libDir}/*`, ...pluginJars].join(":");
}

/** The admin's access to a secured node (Basic, and the deployment's CA), or none. */
function accessOf(port: number, secrets: Secrets | undefined): NodeAccess {
  if (secrets === undefined) return { url: `http://127.0.0.1:${port}`, headers: {} };
  const password = readFileSync(secrets.openSearchPasswordFile("admin"), "utf8").trim();
  return {
    url: `https://127.0.0.1:${port}`,
    headers: { authorization: `Basic ${Buffer.from(`gazette-admin:${password}`).toString("base64")}` },
    dispatcher: new Agent({ connect: { ca: readFileSync(secrets.caFile) } }),
  };
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/** The build under way in this process, if any. */
let building: Promise<void> | undefined;

/**
 * Builds the launcher with Maven unless target/lib is newer than the pom and the sources. Nodes started
 * together (a cluster's three) share one build: three Mavens writing the same target/ at once fail.
 */
export function buildLauncher(log: (message: string) => void = () => {}): Promise<void> {
  building ??= build(log).finally(() => {
    building = undefined;
  });
  return building;
}

async function build(log: (message: string) => void): Promise<void> {
  const upToDate =
    existsSync(launcherJar) &&
    statSync(launcherJar).mtimeMs >=
      Math.max(
        newestMtime(join(projectDir, "pom.xml")),
        newestMtime(join(projectDir, "src")),
        newestMtime(analysisPluginSources),
      );
  if (upToDate) return;
  log("opensearch-local: building the launcher with Maven (first time: downloads OpenSearch jars from Maven Central)…");
  const started = Date.now();
  // Maven's own transfer lines are counted, not shown: one progress line (or bar) instead of hundreds.
  const progress = startProgress({ label: "opensearch-local: Maven build", unit: "files downloaded" });
  const output: string[] = [];
  let downloaded = 0;
  const child = spawn("mvn", ["-B", "package", "-DskipTests"], { cwd: projectDir, stdio: ["ignore", "pipe", "pipe"] });
  const lines = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      if (/^Downloaded from /.test(line)) progress.update(++downloaded);
      else if (!/^Downloading from /.test(line)) output.push(line);
      if (output.length > 200) output.shift();
    }
  };
  child.stdout.on("data", lines);
  child.stderr.on("data", lines);
  const [code, error] = await new Promise<[number | null, Error | undefined]>((resolve) => {
    child.once("error", (spawnError) => resolve([null, spawnError]));
    child.once("exit", (exitCode) => resolve([exitCode, undefined]));
  });
  if (error !== undefined) {
    progress.finish("failed");
    throw new Error(
      `opensearch-local: cannot run Maven (${error.message}). Install it: apt-get install -y maven openjdk-17-jdk-headless`,
      { cause: error },
    );
  }
  if (code !== 0) {
    progress.finish("failed");
    throw new Error(
      `opensearch-local: the Maven build failed (exit ${code}). Its last lines:\n${output.slice(-30).join("\n")}`,
    );
  }
  progress.finish(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

async function clusterIsUp(access: NodeAccess): Promise<boolean> {
  try {
    // undici's own fetch: the CA goes in through its Agent (Node's built-in fetch takes no dispatcher of this undici).
    const response = await undiciFetch(`${access.url}/_cluster/health`, {
      headers: access.headers,
      signal: AbortSignal.timeout(2000),
      ...(access.dispatcher === undefined ? {} : { dispatcher: access.dispatcher }),
    });
    if (!response.ok) return false;
    const health = (await response.json()) as { status?: string };
    return health.status === "green" || health.status === "yellow";
  } catch {
    return false;
  }
}

/** A JVM's output without the `at …` frames of its stack traces, which hide the message that matters. */
function withoutStackFrames(lines: string[]): string[] {
  return lines.filter((line) => !/^\s+(at |\.\.\. \d+ (more|common frames omitted))/.test(line));
}

function javaCommand(): string {
  const home = process.env["JAVA_HOME"];
  return home !== undefined && home !== "" ? join(home, "bin", "java") : "java";
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const killTimer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(killTimer);
}

let classArchive: Promise<string | undefined> | undefined;

/** The class archive of this build, made once (by a node started and stopped) when missing. */
function classArchiveOfBuild(log: (message: string) => void): Promise<string | undefined> {
  classArchive ??= ensureClassArchive(
    classArchivePath(archiveDir, libDir, javaCommand()),
    async (temporary) => {
      const node = await startNode({}, writingClassArchive(temporary));
      await node.stop();
    },
    log,
  );
  return classArchive;
}

/** Starts a node and resolves once its cluster health is green or yellow. */
export async function startLocalOpenSearch(options: StartOptions = {}): Promise<LocalOpenSearch> {
  const log = (message: string) => (options.onOutput ?? console.error)(message);
  await buildLauncher(log);
  const archive = await classArchiveOfBuild(log);
  return startNode(options, archive === undefined ? [] : usingClassArchive(archive));
}

/** Starts a node of the built launcher with these JVM options for class sharing. */
async function startNode(options: StartOptions, classSharing: string[]): Promise<LocalOpenSearch> {
  const port = options.port ?? (await freePort());
  const temporary = options.home === undefined;
  const home = options.home ?? mkdtempSync(join(tmpdir(), "gazette-opensearch-"));
  mkdirSync(home, { recursive: true });
  if (options.security !== undefined) configureSecurity(home, options.security);
  const access = accessOf(port, options.security);
  const url = access.url;
  if (await clusterIsUp(access)) throw new Error(`opensearch-local: something already answers on ${url}`);

  const output = new LastLines(200);
  const child = spawn(
    javaCommand(),
    [
      `-Xms${options.heapMb ?? 512}m`,
      `-Xmx${options.heapMb ?? (options.cluster === undefined ? 1024 : 512)}m`,
      "-Djava.locale.providers=SPI,COMPAT",
      "-XX:+UseG1GC",
      // The node stops when this process ends, however it ends (stdin is a pipe from it).
      "-Dgazette.stopWithParent=true",
      ...classSharing,
      // More JVM options, after these (OpenSearch's own name for them; `-Xshare:off` turns the archive off).
      ...(process.env["OPENSEARCH_JAVA_OPTS"] ?? "").split(/\s+/).filter((option) => option !== ""),
      "-cp",
      classpath(options.security !== undefined),
      mainClass,
      home,
      String(port),
      ...(options.cluster === undefined
        ? []
        : [String(options.cluster.transportPort), options.cluster.seedTransportPorts.join(",")]),
    ],
    {
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  const collect = (chunk: Buffer) => {
    for (const line of output.add(chunk)) options.onOutput?.(line);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const spawnFailed = once(child, "error").then(([error]) => error as Error);

  const stop = async () => {
    await stopProcess(child);
    if (temporary) rmSync(home, { recursive: true, force: true });
  };

  const startedAt = Date.now();
  const deadline = startedAt + (options.startTimeoutMs ?? 180_000);
  const progress = startProgress({ label: `opensearch-local: starting on port ${port}`, unit: "s", counted: false });
  for (;;) {
    if (await clusterIsUp(access)) break;
    const failed = await Promise.race([spawnFailed, sleep(500, undefined)]);
    progress.update(Math.round((Date.now() - startedAt) / 1000));
    if (failed !== undefined) {
      progress.finish("failed");
      throw new Error(
        `opensearch-local: cannot start java (${failed.message}). Install Java 17: apt-get install -y openjdk-17-jre-headless`,
        { cause: failed },
      );
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      progress.finish("failed");
      await stop();
      const why =
        child.exitCode !== null
          ? `the JVM exited (${child.exitCode})`
          : `it did not answer within ${Math.round((deadline - startedAt) / 1000)} s`;
      throw new Error(
        `opensearch-local: the node did not come up on ${url}: ${why}. Its last lines of output (stack frames left out):\n${withoutStackFrames(output.lines()).slice(-lastLines).join("\n")}`,
      );
    }
  }
  progress.finish(`ready at ${url}`);
  // One node holds no replicas: make every index (not only ours, whose template says so) turn green.
  if (options.cluster === undefined)
    await undiciFetch(`${url}/_template/gazette-local-defaults`, {
      method: "PUT",
      headers: { ...access.headers, "content-type": "application/json" },
      body: JSON.stringify({ index_patterns: ["*"], order: -1, settings: { number_of_replicas: 0 } }),
      ...(access.dispatcher === undefined ? {} : { dispatcher: access.dispatcher }),
    });
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  };
  return { url, port, home, stop, kill };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { port: { type: "string", default: "9200" }, home: { type: "string" } } });
  // Listened for before the start: Ctrl-C while the node starts stops it once it answers, where the
  // default action would end this process and leave the JVM running.
  let stopAsked = false;
  let started: LocalOpenSearch | undefined;
  const shutdown = () => {
    stopAsked = true;
    if (started === undefined) console.error("opensearch-local: stopping once the node has started…");
    else void started.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  started = await startLocalOpenSearch({
    port: Number(values.port),
    ...(values.home === undefined ? {} : { home: values.home }),
    onOutput: (line) => console.error(line),
  });
  if (stopAsked) {
    await started.stop();
    process.exit(0);
  }
  console.error(`opensearch-local: ready at ${started.url} (data in ${started.home}); Ctrl-C stops it`);
}
