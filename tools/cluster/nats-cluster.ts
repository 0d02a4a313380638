/**
 * A NATS cluster on loopback: `nats-server` processes (see nats-server-binary.ts for which) with
 * JetStream on each, their own store folders, and routes to one another. Each node fsyncs every
 * write before acknowledging it (`sync_interval: always`, as deploy/nats/*.conf) where the binary
 * knows the setting (2.10 and later). A node can be killed and started again on the same ports and
 * store (fault drills).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connect, type NodeConnectionOptions } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { natsConnectionOptions } from "@gazette/shared";
import type { Secrets } from "../secrets/secrets.ts";
import { natsClientTlsConfig, natsClusterConfig } from "../secrets/nats-trust.ts";
import type { NatsServerBinary } from "./nats-server-binary.ts";

export interface NatsNode {
  name: string;
  url: string;
  clientPort: number;
  clusterPort: number;
  /** The server's monitoring endpoint (/varz, /jsz, /healthz). */
  monitorUrl: string;
  storeDir: string;
  /** Whether its process is running. */
  readonly running: boolean;
  /** SIGKILL: no goodbye to the others, no flush (a crash). */
  kill(): Promise<void>;
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and store. */
  start(): Promise<void>;
  /** SIGSTOP, or SIGCONT when `false`: a server that hangs (its connections stay open, nothing answers), then goes on. */
  freeze(frozen?: boolean): void;
}

async function exitOf(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill(signal);
  await exited;
}

/**
 * The nodes of one cluster named `gazette`, each routed to all (its own route is ignored by the server).
 * With `secrets`: the production model of ADR 0021 (the operator's accounts, TLS required of clients,
 * mutual TLS on routes); the nodes' URLs are then `tls://…`.
 */
export function natsClusterNodes(
  ports: { client: number; cluster: number; monitor: number }[],
  dir: string,
  server: NatsServerBinary,
  secrets?: Secrets,
): NatsNode[] {
  const routes = ports.map(({ cluster }) => `nats://127.0.0.1:${cluster}`);
  return ports.map(({ client, cluster, monitor }, i) => {
    const clusterBlock =
      secrets === undefined
        ? undefined
        : natsClusterConfig(
            { name: "gazette", listen: `127.0.0.1:${cluster}`, routes },
            { ...secrets.natsServer, caFile: secrets.caFile },
          );
    const args =
      clusterBlock === undefined
        ? ["--cluster_name", "gazette", "--cluster", routes[i]!, "--routes", routes.join(",")]
        : [];
    return natsNode(server, `nats-${i + 1}`, { client, cluster, monitor }, dir, args, secrets, clusterBlock);
  });
}

/** One NATS server with JetStream, outside any cluster, that can be stopped and started again on its store. */
export function natsSingleNode(
  client: number,
  monitor: number,
  dir: string,
  server: NatsServerBinary,
  options: { secrets?: Secrets; maxFileStore?: string } = {},
): NatsNode {
  return natsNode(
    server,
    "nats",
    { client, cluster: 0, monitor },
    dir,
    [],
    options.secrets,
    undefined,
    options.maxFileStore,
  );
}

/** How the cluster's own tools reach a node: open, or as Gazette's admin over TLS. */
export function adminConnectionOptions(urls: string | string[], secrets: Secrets | undefined): NodeConnectionOptions {
  const servers = Array.isArray(urls) ? urls.join(",") : urls;
  if (secrets === undefined) return { servers: servers.split(",") };
  return natsConnectionOptions(
    { NATS_URL: servers, NATS_CREDS_FILE: secrets.natsCredsFile("admin"), NATS_TLS_CA_FILE: secrets.caFile },
    "admin",
  );
}

/** The JetStream block of deploy/nats/*.conf, as far as the binary knows it; `maxFileStore` caps its disk (`1MB`, `10GB`). */
function jetStreamConfig(storeDir: string, server: NatsServerBinary, maxFileStore?: string): string {
  const limit = maxFileStore === undefined ? "" : `  max_file_store: ${maxFileStore}\n`;
  return `jetstream {\n  store_dir: ${JSON.stringify(storeDir)}\n${limit}${server.syncAlways ? "  sync_interval: always\n" : ""}}\n`;
}

function natsNode(
  server: NatsServerBinary,
  name: string,
  { client, cluster, monitor }: { client: number; cluster: number; monitor: number },
  dir: string,
  clusterArgs: string[],
  secrets?: Secrets,
  clusterBlock?: string,
  maxFileStore?: string,
): NatsNode {
  const url = `${secrets === undefined ? "nats" : "tls"}://127.0.0.1:${client}`;
  const config = (storeDir: string) =>
    [
      jetStreamConfig(storeDir, server, maxFileStore),
      ...(secrets === undefined
        ? []
        : [
            readFileSync(secrets.natsServer.securityConfigFile, "utf8"),
            natsClientTlsConfig({ ...secrets.natsServer, caFile: secrets.caFile }),
          ]),
      ...(clusterBlock === undefined ? [] : [clusterBlock]),
    ].join("\n");
  const storeDir = join(dir, name);
  const configFile = join(dir, `${name}.conf`);
  let child: ChildProcess | undefined;
  const args = [
    ...["-c", configFile, "-a", "127.0.0.1", "-p", String(client), "-m", String(monitor), "-n", name],
    ...clusterArgs,
  ];
  return {
    name,
    url,
    clientPort: client,
    clusterPort: cluster,
    monitorUrl: `http://127.0.0.1:${monitor}`,
    storeDir,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    kill: () => exitOf(child, "SIGKILL"),
    stop: () => exitOf(child, "SIGTERM"),
    freeze: (frozen = true) => void child?.kill(frozen ? "SIGSTOP" : "SIGCONT"),
    async start() {
      mkdirSync(storeDir, { recursive: true });
      writeFileSync(configFile, config(storeDir), { mode: 0o600 });
      child = spawn(server.path, args, { stdio: "ignore" });
      for (let attempt = 0; attempt < 100; attempt++) {
        const up = await connect({ ...adminConnectionOptions(url, secrets), reconnect: false, timeout: 500 }).then(
          (connection) => connection.close().then(() => true),
          () => false,
        );
        if (up) return;
        if (child.exitCode !== null) break;
        await sleep(100);
      }
      throw new Error(`${name} did not start on port ${client} (nats-server exited ${child.exitCode})`);
    },
  };
}

/** Resolves once JetStream answers on the cluster: a meta leader is elected and a 3-copy stream can be made. */
export async function waitJetStreamClusterReady(urls: string[], secrets?: Secrets, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const probe = `GAZETTE_CLUSTER_PROBE_${process.pid}`;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const nats = await connect(adminConnectionOptions(urls, secrets)).catch((error: unknown) => {
      lastError = error;
      return undefined;
    });
    if (nats !== undefined) {
      try {
        const jsm = await jetstreamManager(nats);
        await jsm.streams.add({ name: probe, subjects: [`gazette.probe.${process.pid}`], num_replicas: urls.length });
        await jsm.streams.delete(probe);
        return;
      } catch (error) {
        lastError = error;
      } finally {
        await nats.close();
      }
    }
    await sleep(500);
  }
  throw new Error(`the NATS cluster's JetStream did not become ready: ${String(lastError)}`);
}
