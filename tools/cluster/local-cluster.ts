/**
 * The cluster topology of docker-compose.yml's `cluster` profile, on loopback, secured as production is
 * (ADR 0021): three NATS nodes (the operator's accounts, a user per service with least privilege, TLS
 * required of clients, mutual TLS on routes), three OpenSearch nodes (the local launcher with the
 * security plugin: TLS, a user per service), two processes of each service with their own credentials,
 * signed release events, a generated publisher registry (no development key), and a TLS edge (nginx)
 * in front of feeds and ingest. `NATS_REPLICAS=3`, `OPENSEARCH_SHARDS=3`, `OPENSEARCH_REPLICAS=1`.
 * Used by `npm run cluster` and by the cluster drills.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addPublisher, writePublisherRegistryJson } from "@gazette/ingest";
import type { NatsSettings, OpenSearchSettings } from "@gazette/shared";
import { freePort, startLocalOpenSearch, type LocalOpenSearch } from "../opensearch-local/opensearch-local.ts";
import { serviceNames, startServiceOnPort, stopChild, type ServiceName } from "../dev-stack/services.ts";
import { ensureSecrets, openSearchUserName, type Secrets } from "../secrets/secrets.ts";
import { edgePorts, startEdge, type Edge } from "./edge.ts";
import { natsClusterNodes, waitJetStreamClusterReady, type NatsNode } from "./nats-cluster.ts";
import { currentNatsServer, type NatsServerBinary } from "./nats-server-binary.ts";

export interface ClusterServiceProcess {
  service: ServiceName;
  /** 1 or 2. */
  instance: number;
  url: string;
  child: ChildProcess;
}

export interface LocalCluster {
  /** The nats-server binary the three nodes run. */
  natsServer: NatsServerBinary;
  nats: NatsNode[];
  opensearch: LocalOpenSearch[];
  /** What every service is given: the URLs (NATS_URL with all three nodes, OPENSEARCH_URL likewise), the CA, replicas, names. */
  env: Record<string, string>;
  /** What one service is given: `env` and its own credentials. */
  serviceEnv(service: ServiceName): Record<string, string>;
  /** How an operator's tool reaches NATS (the admin user) and OpenSearch (the admin user). */
  admin: { nats: NatsSettings; opensearch: OpenSearchSettings };
  /** The secrets folder (tools/secrets): CA, creds, passwords, keys. */
  secrets: Secrets;
  /** The development publisher `demo`, with a key made for this cluster (never demo-key). */
  publisher: { id: string; apiKey: string };
  /** The TLS edge: feeds' and ingest's public HTTPS addresses. */
  edge: Edge;
  processes: ClusterServiceProcess[];
  /** Starts a service process again (after a drill killed it) with its first settings. */
  restart(process: ClusterServiceProcess): Promise<ClusterServiceProcess>;
  /** Starts OpenSearch node `i` (0–2) again on its ports and data after a drill killed it. */
  restartOpenSearch(i: number): Promise<void>;
  describe(): string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  log(message: string): void;
  /** Processes of each service. Default 2; 0 starts the infrastructure only. */
  perService?: number;
  /** Settings for every service on top of the cluster's (names of streams, buckets, the index). */
  env?: Record<string, string>;
  /** The nats-server to run; default: currentNatsServer() (Debian testing's, fetched once). */
  natsServer?: NatsServerBinary;
}

async function ports(count: number): Promise<number[]> {
  const taken: number[] = [];
  while (taken.length < count) {
    const port = await freePort();
    if (!taken.includes(port)) taken.push(port);
  }
  return taken;
}

/** Each service's own NATS and OpenSearch credentials (feeds and the indexer their own OpenSearch users; ingest none). */
function credentialsOf(secrets: Secrets, service: ServiceName): Record<string, string> {
  const own: Record<string, string> = { NATS_CREDS_FILE: secrets.natsCredsFile(service) };
  if (service !== "ingest") {
    own["OPENSEARCH_USERNAME"] = openSearchUserName(service);
    own["OPENSEARCH_PASSWORD_FILE"] = secrets.openSearchPasswordFile(service);
  }
  if (service === "ingest") own["INGEST_EVENT_SIGNING_KEY_FILE"] = secrets.eventSigningKeyFile;
  if (service === "indexer") own["INDEXER_EVENT_VERIFY_KEY_FILE"] = secrets.eventVerifyKeyFile;
  return own;
}

/** A registry with the publisher `demo` and a key of this cluster's own. */
async function clusterRegistry(dir: string): Promise<{ file: string; apiKey: string }> {
  const edit = addPublisher({ publishers: [] }, "demo", {
    ru: "Демонстрационное министерство",
    kk: "Демонстрациялық министрлік",
    en: "Demonstration Ministry",
  });
  const file = join(dir, "publishers.json");
  await writePublisherRegistryJson(file, edit.registry);
  writeFileSync(join(dir, "publisher-demo.key"), `${edit.apiKey}\n`, { mode: 0o600 });
  return { file, apiKey: edit.apiKey };
}

export async function startLocalCluster(options: ClusterOptions): Promise<LocalCluster> {
  const natsServer = options.natsServer ?? currentNatsServer(options.log);
  const dir = mkdtempSync(join(tmpdir(), "gazette-cluster-"));
  options.log("cluster: making its secrets (CA, certificates, NATS accounts and users, OpenSearch users, keys)…");
  const secrets = await ensureSecrets(join(dir, "secrets"));
  const registry = await clusterRegistry(secrets.dir);
  const publicPorts = await edgePorts();
  const [n1, n2, n3, c1, c2, c3, h1, h2, h3, t1, t2, t3, m1, m2, m3] = await ports(15);
  const nats = natsClusterNodes(
    [
      { client: n1!, cluster: c1!, monitor: m1! },
      { client: n2!, cluster: c2!, monitor: m2! },
      { client: n3!, cluster: c3!, monitor: m3! },
    ],
    join(dir, "nats"),
    natsServer,
    secrets,
  );
  const opensearch: LocalOpenSearch[] = [];
  let restartOpenSearch = async (_i: number) => {};
  const processes: ClusterServiceProcess[] = [];
  let edge: Edge | undefined;
  const stop = async () => {
    await edge?.stop();
    await Promise.all(processes.map((process) => stopChild(process.child)));
    await Promise.all(opensearch.map((node) => node.stop()));
    await Promise.all(nats.map((node) => node.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    options.log(`cluster: starting three NATS nodes (nats-server ${natsServer.version}, ${natsServer.origin})…`);
    await Promise.all(nats.map((node) => node.start()));
    await waitJetStreamClusterReady(
      nats.map((node) => node.url),
      secrets,
    );
    options.log("cluster: starting three OpenSearch nodes with the security plugin (a minute or two on 2 cores)…");
    const transport = [t1!, t2!, t3!];
    const startNode = (i: number) =>
      startLocalOpenSearch({
        port: [h1!, h2!, h3!][i]!,
        home: join(dir, `opensearch-${i + 1}`),
        cluster: { transportPort: transport[i]!, seedTransportPorts: transport },
        startTimeoutMs: 300_000,
        security: secrets,
      });
    restartOpenSearch = async (i: number) => {
      await opensearch[i]!.kill();
      opensearch[i] = await startNode(i);
    };
    opensearch.push(...(await Promise.all([0, 1, 2].map(startNode))));
    const env: Record<string, string> = {
      NATS_URL: nats.map((node) => node.url).join(","),
      NATS_TLS_CA_FILE: secrets.caFile,
      NATS_REPLICAS: "3",
      OPENSEARCH_URL: opensearch.map((node) => node.url).join(","),
      OPENSEARCH_CA_FILE: secrets.caFile,
      OPENSEARCH_SHARDS: "3",
      OPENSEARCH_REPLICAS: "1",
      PUBLISHERS_FILE: registry.file,
      // Feeds and ingest are reached through the TLS edge, which names the client in X-Forwarded-For.
      PUBLIC_BASE_URL: `https://127.0.0.1:${publicPorts.feeds}`,
      INGEST_PUBLIC_BASE_URL: `https://127.0.0.1:${publicPorts.ingest}`,
      FEEDS_TRUSTED_PROXIES: "127.0.0.1",
      OUTBOUND_ALLOW_PRIVATE: "true",
      // Load tests and drills post more than a ministry may a minute (600 by default).
      INGEST_RATE_LIMIT_PER_MINUTE: "1000000",
      ...options.env,
    };
    const serviceEnv = (service: ServiceName) => ({ ...env, ...credentialsOf(secrets, service) });
    const startProcess = async (service: ServiceName, instance: number, port: number) => {
      // The portal's report page asks an ingest process (a load balancer would stand in front of both).
      const ingestUrl = processes.find((other) => other.service === "ingest")?.url;
      const own = service === "feeds" && ingestUrl !== undefined ? { INGEST_URL: ingestUrl } : {};
      const started = await startServiceOnPort(
        service,
        { ...process.env, ...serviceEnv(service), ...own },
        port,
        `${service} ${instance}`,
      );
      return { service, instance, ...started };
    };
    const perService = options.perService ?? 2;
    for (const service of serviceNames)
      for (let instance = 1; instance <= perService; instance++) {
        options.log(`cluster: starting ${service} ${instance}…`);
        processes.push(await startProcess(service, instance, await freePort()));
      }
    const urlsOf = (service: ServiceName) => processes.filter((p) => p.service === service).map((p) => p.url);
    if (perService > 0) {
      options.log("cluster: starting the TLS edge (nginx) in front of feeds and ingest…");
      edge = await startEdge({
        dir: join(dir, "edge"),
        secrets,
        feeds: urlsOf("feeds"),
        ingest: urlsOf("ingest"),
        ports: publicPorts,
      });
    }
    const adminPassword = secrets.openSearchPasswordFile("admin");
    return {
      natsServer,
      nats,
      opensearch,
      env,
      serviceEnv,
      secrets,
      admin: {
        nats: { ...env, NATS_CREDS_FILE: secrets.natsCredsFile("admin") } as NatsSettings,
        opensearch: {
          OPENSEARCH_URL: env["OPENSEARCH_URL"]!,
          OPENSEARCH_USERNAME: openSearchUserName("admin"),
          OPENSEARCH_PASSWORD_FILE: adminPassword,
          OPENSEARCH_CA_FILE: secrets.caFile,
        },
      },
      publisher: { id: "demo", apiKey: readFileSync(join(secrets.dir, "publisher-demo.key"), "utf8").trim() },
      get edge() {
        if (edge === undefined) throw new Error("the cluster was started without services: it has no edge");
        return edge;
      },
      processes,
      async restart(old) {
        await stopChild(old.child);
        const again = await startProcess(old.service, old.instance, Number(new URL(old.url).port));
        processes[processes.indexOf(old)] = again;
        return again;
      },
      restartOpenSearch: (i) => restartOpenSearch(i),
      describe: () =>
        [
          `  nats-server ${natsServer.version} (${natsServer.origin}${natsServer.syncAlways ? ", sync_interval: always" : ", no sync_interval in this version"}; accounts and TLS)`,
          ...nats.map(
            (node) =>
              `  ${node.name.padEnd(14)} ${node.url} (routes on ${node.clusterPort} with mutual TLS, monitoring ${node.monitorUrl}, store ${node.storeDir})`,
          ),
          ...opensearch.map((node, i) => `  opensearch-${i + 1}   ${node.url} (security plugin; data in ${node.home})`),
          ...processes.map((p) => `  ${`${p.service}-${p.instance}`.padEnd(14)} ${p.url}`),
          ...(edge === undefined ? [] : [`  edge           feeds ${edge.feedsUrl} · ingest ${edge.ingestUrl}`]),
          `  secrets        ${secrets.dir} (CA ca.pem; NATS <service>.creds; OpenSearch opensearch-<user>.json)`,
        ].join("\n"),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
