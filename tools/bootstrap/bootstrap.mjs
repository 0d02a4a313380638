/**
 * What every npm script of the root runs first, on whatever Node started npm. It is plain JavaScript
 * on purpose: on a fresh clone nothing is installed yet, and the machine's Node may be older than 24.
 *
 *   node tools/bootstrap/bootstrap.mjs start [args]          npm start
 *   node tools/bootstrap/bootstrap.mjs test [vitest args]    npm test
 *   node tools/bootstrap/bootstrap.mjs bench [args]          npm run bench (also needs wrk and nginx)
 *   node tools/bootstrap/bootstrap.mjs cluster                npm run cluster (3 NATS, 3 OpenSearch, 2 of each service)
 *   node tools/bootstrap/bootstrap.mjs drills                 npm run drills (fault drills on that cluster)
 *   node tools/bootstrap/bootstrap.mjs scaling [--quick]      npm run scaling (throughput with 1 and 2 processes on that cluster)
 *   node tools/bootstrap/bootstrap.mjs run <script.ts> [args] npm run gazette / eval:search / opensearch:local
 *   node tools/bootstrap/bootstrap.mjs format                 npm run format (biome: formatting, lint fixes)
 *
 * 1. npm packages: `npm ci` when node_modules is missing or out of date with package-lock.json.
 * 2. System packages the command needs (Java, Maven, nats-server; for the tests also Chromium and
 *    feedcheck's tools): installed with apt-get when running as root where apt-get exists (as CI does),
 *    otherwise one message naming the exact command, and exit 1. Never a silent skip.
 * 3. The command itself on Node 24 (the `node` npm package), with node_modules/.bin first on PATH as
 *    npm scripts have it.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const log = (message) => console.error(`[gazette] ${message}`);
const installStamp = join(root, "node_modules", ".gazette-install");
const binDir = join(root, "node_modules", ".bin");
const feedcheckDir = join(root, "..", "shared", "tools", "feedcheck");

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/**
 * Whether node_modules matches package-lock.json: our stamp (the lock's hash, written after our own
 * `npm ci`) agrees, or npm's hidden lockfile is newer than the lock (someone ran `npm install`).
 */
export function packagesUpToDate(projectRoot = root) {
  const lock = join(projectRoot, "package-lock.json");
  const stamp = join(projectRoot, "node_modules", ".gazette-install");
  const node24 = join(projectRoot, "node_modules", "node", "bin", "node");
  if (!existsSync(node24)) return false;
  if (existsSync(stamp)) return readFileSync(stamp, "utf8").trim() === sha256(lock);
  const hidden = join(projectRoot, "node_modules", ".package-lock.json");
  return existsSync(hidden) && statSync(hidden).mtimeMs >= statSync(lock).mtimeMs;
}

function ensurePackages() {
  if (packagesUpToDate()) return;
  log("installing npm packages (npm ci; brings Node 24 for every script)…");
  const started = Date.now();
  // --loglevel=error: npm running on an older Node warns EBADENGINE for every workspace (harmless:
  // the scripts run on the Node 24 this very install brings).
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    log(
      `npm ci failed (exit ${result.status ?? result.signal}); fix what it printed above, then run the command again.`,
    );
    process.exit(1);
  }
  writeFileSync(installStamp, `${sha256(join(root, "package-lock.json"))}\n`);
  log(`npm packages installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function onPath(command) {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function debianPackageInstalled(name) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax.
  const result = spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" });
  return result.status === 0 && result.stdout.includes("install ok installed");
}

/** feedcheck's Debian packages, as its own install-deps lists them. */
function feedcheckPackages() {
  const script = join(feedcheckDir, "install-deps");
  if (!existsSync(script)) return undefined;
  const listed = /pkgs="([^"]+)"/.exec(readFileSync(script, "utf8"));
  return listed === null ? undefined : listed[1].split(/\s+/).filter(Boolean);
}

async function tcpAnswers(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.setTimeout(1000, () => done(false));
  });
}

const given = (name) => (process.env[name] ?? "") !== "";
const natsServerPresent = () =>
  ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"].some(existsSync) ||
  onPath("nats-server");

/** What each command needs from the system: a check, and the Debian packages that satisfy it. */
async function requirementsOf(command) {
  const java = {
    what: "Java 17 (the local OpenSearch)",
    present: () => onPath("java") || given("JAVA_HOME"),
    debian: ["openjdk-17-jdk-headless"],
  };
  const maven = {
    what: "Maven (builds the local OpenSearch launcher)",
    present: () => onPath("mvn"),
    debian: ["maven"],
  };
  const nats = { what: "nats-server (NATS with JetStream)", present: natsServerPresent, debian: ["nats-server"] };
  const openssl = {
    what: "openssl (makes the secured cluster's CA and certificates)",
    present: () => onPath("openssl"),
    debian: ["openssl"],
  };
  if (command === "start") {
    const needs = [];
    if (!given("OPENSEARCH_URL") && !(await tcpAnswers(9200))) needs.push(java, maven);
    if (!given("NATS_URL") && !(await tcpAnswers(4222))) needs.push(nats);
    return needs;
  }
  const wrk = { what: "wrk (the bench's second load generator)", present: () => onPath("wrk"), debian: ["wrk"] };
  const nginx = {
    what: "nginx (the bench's peer, R3peer)",
    present: () => onPath("nginx") || existsSync("/usr/sbin/nginx"),
    debian: ["nginx-light"],
  };
  const edge = { ...nginx, what: "nginx (the bench's peer, and the secured cluster's TLS edge)" };
  if (command === "bench") return [java, maven, nats, wrk, nginx];
  if (command === "cluster" || command === "drills" || command === "scaling") return [java, maven, nats, openssl, edge];
  if (command !== "test") return [];
  const needs = [
    java,
    maven,
    nats,
    openssl,
    wrk,
    edge,
    {
      what: "Chromium (the portal's browser test)",
      present: () => existsSync("/usr/bin/chromium"),
      debian: ["chromium"],
    },
  ];
  const feedcheck = feedcheckPackages();
  if (feedcheck === undefined) {
    needs.push({
      what: `feedcheck (expected at ${feedcheckDir}: the shared folder beside this clone)`,
      present: () => false,
      debian: [],
    });
  } else {
    // Where dpkg is absent (not Debian), the tools themselves are looked for.
    const toolsPresent = () =>
      onPath("xmllint") && onPath("jing") && spawnSync("python3", ["-c", "import feedparser, lxml"]).status === 0;
    needs.push({
      what: "feedcheck's tools (xmllint, jing, feedparser, …)",
      present: () => (onPath("dpkg-query") ? feedcheck.every(debianPackageInstalled) : toolsPresent()),
      debian: feedcheck,
    });
  }
  return needs;
}

/**
 * What to do about the system packages a command lacks: nothing, install them (root with apt-get),
 * or stop with one message that names the exact command. Pure, so it is tested as it is.
 */
export function systemPackagesPlan({ command, missing, packages, isRoot, hasAptGet, sharedDir }) {
  if (missing.length === 0) return { action: "ok" };
  const names = missing.map((need) => need.what).join("; ");
  const unfixable = missing.filter((need) => need.debian.length === 0);
  if (unfixable.length === 0 && isRoot && hasAptGet) return { action: "install", packages, names };
  const lines = [`npm ${command} needs what this machine lacks: ${names}.`];
  if (unfixable.length > 0)
    lines.push(`Put the shared folder (with tools/feedcheck) beside this clone, at ${sharedDir}.`);
  if (packages.length > 0) {
    lines.push(
      `Install ${packages.length === 1 ? "it" : "them"} with:`,
      `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(" ")}`,
    );
    lines.push(`(or run npm ${command} as root on a Debian machine: it installs them itself)`);
  }
  return { action: "stop", message: lines.join("\n") };
}

function ensureSystemPackages(command, needs) {
  const missing = needs.filter((need) => !need.present());
  const packages = [...new Set(missing.flatMap((need) => need.debian))];
  const plan = systemPackagesPlan({
    command,
    missing,
    packages,
    isRoot: process.getuid?.() === 0,
    hasAptGet: onPath("apt-get"),
    sharedDir: join(root, "..", "shared"),
  });
  if (plan.action === "ok") return;
  if (plan.action === "stop") {
    log(plan.message);
    process.exit(1);
  }
  log(`installing Debian packages for npm ${command}: ${plan.packages.join(" ")} (missing: ${plan.names})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install =
    update.status === 0
      ? spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...plan.packages], {
          stdio: "inherit",
          env,
        })
      : update;
  if (install.status === 0 && missing.every((need) => need.present())) return;
  log(`apt-get could not install ${plan.packages.join(" ")}; see its output above.`);
  process.exit(1);
}

/**
 * Where Node keeps the code it compiled (`NODE_COMPILE_CACHE`, ADR 0039): every Node process a command
 * starts (services, CLIs, test workers) reads it, and compiles only what changed since.
 */
const compileCache = () => process.env.NODE_COMPILE_CACHE ?? join(root, "node_modules", ".cache", "node-compile");

/** Runs one program on Node 24 and resolves to its exit code; Ctrl-C reaches it (same process group). */
function run(program, args) {
  return new Promise((resolve) => {
    const env = {
      ...process.env,
      PATH: `${binDir}${delimiter}${process.env.PATH ?? ""}`,
      NODE_COMPILE_CACHE: compileCache(),
    };
    const child = spawn(program, args, { cwd: root, env, stdio: "inherit" });
    const forward = (signal) => child.kill(signal);
    // The terminal sends SIGINT to the child itself; a SIGTERM sent to us alone is passed on.
    process.on("SIGINT", () => {});
    process.on("SIGTERM", forward);
    child.once("error", (error) => {
      log(`cannot run ${program}: ${error.message}`);
      resolve(1);
    });
    child.once("exit", (code, signal) => {
      process.off("SIGTERM", forward);
      resolve(code ?? (signal === "SIGINT" ? 130 : 1));
    });
  });
}

const node24 = () => join(root, "node_modules", "node", "bin", "node");

async function main(argv) {
  const [command, ...args] = argv;
  if (!["start", "test", "bench", "cluster", "drills", "scaling", "run", "format"].includes(command ?? "")) {
    log("usage: bootstrap.mjs start|test|bench|cluster|drills|scaling|format|run <script.ts> [args]");
    process.exit(2);
  }
  ensurePackages();
  ensureSystemPackages(command, await requirementsOf(command));
  if (command === "start") process.exit(await run(node24(), [join(root, "tools", "dev-stack", "start.ts"), ...args]));
  if (command === "run") process.exit(await run(node24(), args));
  if (command === "bench") process.exit(await run(node24(), [join(root, "bench", "run.ts"), ...args]));
  if (command === "cluster") process.exit(await run(node24(), [join(root, "tools", "cluster", "cluster.ts"), ...args]));
  if (command === "drills") process.exit(await run(node24(), [join(root, "tools", "drills", "run.ts"), ...args]));
  if (command === "scaling") process.exit(await run(node24(), [join(root, "bench", "scaling", "run.ts"), ...args]));
  if (command === "format") {
    const formatted = await run("biome", ["format", "--write", "."]);
    process.exit(formatted !== 0 ? formatted : await run("biome", ["lint", "--write", "."]));
  }
  // Formatting and lint first: a fault there is the cheapest to find. `npm run format` fixes formatting.
  log("checking formatting and lint (biome)…");
  const style = await run("biome", ["check", "."]);
  if (style !== 0) {
    log("biome found the above: `npm run format` rewrites the formatting; lint findings need a hand.");
    process.exit(style);
  }
  log("type-checking (tsc)…");
  const typecheck = await run("tsc", ["-p", "tsconfig.json"]);
  if (typecheck !== 0) process.exit(typecheck);
  process.exit(await run("vitest", ["run", ...args]));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1])
  await main(process.argv.slice(2));
