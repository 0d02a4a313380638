/**
 * Where NATS and OpenSearch come from, decided in one place for `npm start`, the tests and the
 * benchmarks. In this order: URLs given in the environment (they must answer), then Docker via
 * testcontainers (where an engine answers), then local servers: a NATS server already on
 * 127.0.0.1:4222 or one we start from the `nats-server` binary, and OpenSearch from
 * tools/opensearch-local. Nothing is ever skipped: a missing server is an error that says the fix.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { connect as connectTcp } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, startLocalOpenSearch } from "../opensearch-local/opensearch-local.ts";

export interface ProvidedServer {
  url: string;
  /** Where it came from, for the log. */
  origin: string;
  stop(): Promise<void>;
}

export interface Infrastructure {
  natsUrl: string;
  opensearchUrl: string;
  describe(): string;
  stop(): Promise<void>;
}

export interface InfrastructureOptions {
  env: Record<string, string | undefined>;
  /** `dev`: well-known ports and data kept under `.gazette/`; `test`: free ports and temporary data. */
  purpose: "dev" | "test";
  log: (message: string) => void;
  /** Root of the repository, for `.gazette/`. */
  root: string;
}

const natsFix =
  "Start one: start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log (Debian package nats-server), or set NATS_URL.";
const opensearchFix =
  "Set OPENSEARCH_URL to a running OpenSearch 2.x, or install Java 17 and Maven (apt-get install -y openjdk-17-jdk-headless maven) so tools/opensearch-local can start one.";

const notStopped = async () => {};

async function tcpAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  const socket = connectTcp({ host, port });
  const timer = setTimeout(() => socket.destroy(new Error("timeout")), timeoutMs);
  try {
    await once(socket, "connect");
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}

function hostAndPort(natsUrl: string): { host: string; port: number } {
  const first = natsUrl.split(",")[0]!.trim();
  const url = new URL(first.includes("://") ? first : `nats://${first}`);
  return { host: url.hostname, port: Number(url.port || 4222) };
}

async function natsAnswers(natsUrl: string): Promise<boolean> {
  const { host, port } = hostAndPort(natsUrl);
  return tcpAnswers(host, port);
}

async function opensearchAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url.replace(/\/+$/, "")}/_cluster/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(500);
  }
}

/** Whether a container engine answers, so testcontainers can be used. `GAZETTE_DOCKER=0` turns this off. */
async function dockerIsUsable(env: Record<string, string | undefined>): Promise<boolean> {
  if (env["GAZETTE_DOCKER"] === "0") return false;
  const socketPaths = ["/var/run/docker.sock", join(env["HOME"] ?? "", ".docker/run/docker.sock")];
  if (env["DOCKER_HOST"] === undefined && !socketPaths.some((path) => existsSync(path))) return false;
  const probe = spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { timeout: 10_000, encoding: "utf8" });
  return probe.status === 0 && probe.stdout.trim() !== "";
}

async function natsFromDocker(): Promise<ProvidedServer> {
  const { NatsContainer } = await import("@testcontainers/nats");
  const container = await new NatsContainer("nats:2.10-alpine").withJetStream().start();
  return {
    url: `nats://${container.getHost()}:${container.getMappedPort(4222)}`,
    origin: "docker (testcontainers)",
    stop: async () => void (await container.stop()),
  };
}

/** OpenSearch with Gazette's analysis plugin, as compose builds it (deploy/opensearch/Dockerfile, ADR 0030). */
const gazetteOpenSearchImage = "gazette-opensearch:2.19.6";
const repositoryRoot = join(import.meta.dirname, "..", "..");

async function opensearchFromDocker(): Promise<ProvidedServer> {
  const { GenericContainer } = await import("testcontainers");
  const { OpenSearchContainer } = await import("@testcontainers/opensearch");
  await GenericContainer.fromDockerfile(repositoryRoot, "deploy/opensearch/Dockerfile").build(gazetteOpenSearchImage, {
    deleteOnExit: false,
  });
  const container = await new OpenSearchContainer(gazetteOpenSearchImage).withSecurityEnabled(false).start();
  return {
    url: container.getHttpUrl(),
    origin: "docker (testcontainers)",
    stop: async () => void (await container.stop()),
  };
}

/** Where `nats-server` is (Debian puts it in /usr/sbin, which a user's PATH may lack). */
export function natsServerBinary(): string {
  return (
    ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"].find((path) => existsSync(path)) ??
    "nats-server"
  );
}

/** Starts `nats-server` with JetStream on 127.0.0.1:`port`, storing in `storeDir` (removed on stop when `temporary`). */
export async function startNatsServer(port: number, storeDir: string, temporary: boolean): Promise<ProvidedServer> {
  mkdirSync(storeDir, { recursive: true });
  const child: ChildProcess = spawn(
    natsServerBinary(),
    ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", storeDir],
    {
      stdio: "ignore",
    },
  );
  const failed = once(child, "error").then(([error]) => error as Error);
  const url = `nats://127.0.0.1:${port}`;
  const up = await Promise.race([waitFor(() => natsAnswers(url), 15_000), failed]);
  if (up !== true) {
    child.kill("SIGKILL");
    throw new Error(`No NATS server could be started (${up === false ? "it did not answer" : up.message}). ${natsFix}`);
  }
  return {
    url,
    origin: `nats-server started here (port ${port})`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await exited;
      }
      if (temporary) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

async function provideNats(options: InfrastructureOptions, docker: boolean): Promise<ProvidedServer> {
  const given = options.env["NATS_URL"];
  if (given !== undefined && given !== "") {
    if (!(await waitFor(() => natsAnswers(given), 10_000)))
      throw new Error(`NATS_URL=${given} does not answer. ${natsFix}`);
    return { url: given, origin: "NATS_URL", stop: notStopped };
  }
  if (docker) return natsFromDocker();
  const machineDefault = "nats://127.0.0.1:4222";
  if (await natsAnswers(machineDefault))
    return { url: machineDefault, origin: "the server already on 127.0.0.1:4222", stop: notStopped };
  if (options.purpose === "dev") return startNatsServer(4222, join(options.root, ".gazette", "nats"), false);
  return startNatsServer(await freePort(), mkdtempSync(join(tmpdir(), "gazette-nats-")), true);
}

async function provideOpenSearch(options: InfrastructureOptions, docker: boolean): Promise<ProvidedServer> {
  const given = options.env["OPENSEARCH_URL"];
  if (given !== undefined && given !== "") {
    if (!(await waitFor(() => opensearchAnswers(given), 10_000)))
      throw new Error(`OPENSEARCH_URL=${given} does not answer. ${opensearchFix}`);
    return { url: given.replace(/\/+$/, ""), origin: "OPENSEARCH_URL", stop: notStopped };
  }
  if (docker) return opensearchFromDocker();
  const devUrl = "http://127.0.0.1:9200";
  if (options.purpose === "dev" && (await opensearchAnswers(devUrl)))
    return { url: devUrl, origin: "the server already on 127.0.0.1:9200", stop: notStopped };
  try {
    const node =
      options.purpose === "dev"
        ? await startLocalOpenSearch({ port: 9200, home: join(options.root, ".gazette", "opensearch") })
        : await startLocalOpenSearch();
    return {
      url: node.url,
      origin: `tools/opensearch-local (port ${node.port}, data in ${node.home})`,
      stop: node.stop,
    };
  } catch (error) {
    throw new Error(`No OpenSearch could be started: ${(error as Error).message}\n${opensearchFix}`, { cause: error });
  }
}

/** Finds or starts NATS (with JetStream) and OpenSearch. `stop()` stops only what was started here. */
export async function provideInfrastructure(options: InfrastructureOptions): Promise<Infrastructure> {
  const needsDocker = [options.env["NATS_URL"], options.env["OPENSEARCH_URL"]].some(
    (url) => url === undefined || url === "",
  );
  const docker = needsDocker && (await dockerIsUsable(options.env));
  const nats = await provideNats(options, docker);
  let opensearch: ProvidedServer;
  try {
    opensearch = await provideOpenSearch(options, docker);
  } catch (error) {
    await nats.stop();
    throw error;
  }
  return {
    natsUrl: nats.url,
    opensearchUrl: opensearch.url,
    describe: () => `NATS ${nats.url} from ${nats.origin}; OpenSearch ${opensearch.url} from ${opensearch.origin}`,
    stop: async () => {
      await Promise.allSettled([nats.stop(), opensearch.stop()]);
    },
  };
}
