/**
 * The cluster topology of docker-compose.yml's `cluster` profile, on loopback: three NATS nodes
 * (routes, JetStream on each), three OpenSearch nodes (the local launcher, 512 MB heap each, one
 * cluster), and two processes of each service with `NATS_REPLICAS=3`, `OPENSEARCH_SHARDS=3`,
 * `OPENSEARCH_REPLICAS=1`. Used by `npm run cluster` and by the cluster drills.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startLocalOpenSearch, type LocalOpenSearch } from "../opensearch-local/opensearch-local.ts";
import { serviceNames, startServiceOnPort, stopChild, type ServiceName } from "../dev-stack/services.ts";
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
  /** What every service is given (NATS_URL with all three nodes, OPENSEARCH_URL likewise, replicas). */
  env: Record<string, string>;
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

export async function startLocalCluster(options: ClusterOptions): Promise<LocalCluster> {
  const natsServer = options.natsServer ?? currentNatsServer(options.log);
  const dir = mkdtempSync(join(tmpdir(), "gazette-cluster-"));
  const [n1, n2, n3, c1, c2, c3, h1, h2, h3, t1, t2, t3, m1, m2, m3] = await ports(15);
  const nats = natsClusterNodes(
    [
      { client: n1!, cluster: c1!, monitor: m1! },
      { client: n2!, cluster: c2!, monitor: m2! },
      { client: n3!, cluster: c3!, monitor: m3! },
    ],
    join(dir, "nats"),
    natsServer,
  );
  const opensearch: LocalOpenSearch[] = [];
  let restartOpenSearch = async (_i: number) => {};
  const processes: ClusterServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((process) => stopChild(process.child)));
    await Promise.all(opensearch.map((node) => node.stop()));
    await Promise.all(nats.map((node) => node.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    options.log(`cluster: starting three NATS nodes (nats-server ${natsServer.version}, ${natsServer.origin})…`);
    await Promise.all(nats.map((node) => node.start()));
    await waitJetStreamClusterReady(nats.map((node) => node.url));
    options.log("cluster: starting three OpenSearch nodes (a minute or two on 2 cores)…");
    const transport = [t1!, t2!, t3!];
    const startNode = (i: number) =>
      startLocalOpenSearch({
        port: [h1!, h2!, h3!][i]!,
        home: join(dir, `opensearch-${i + 1}`),
        cluster: { transportPort: transport[i]!, seedTransportPorts: transport },
        startTimeoutMs: 300_000,
      });
    restartOpenSearch = async (i: number) => {
      await opensearch[i]!.kill();
      opensearch[i] = await startNode(i);
    };
    opensearch.push(...(await Promise.all([0, 1, 2].map(startNode))));
    const env: Record<string, string> = {
      NATS_URL: nats.map((node) => node.url).join(","),
      NATS_REPLICAS: "3",
      OPENSEARCH_URL: opensearch.map((node) => node.url).join(","),
      OPENSEARCH_SHARDS: "3",
      OPENSEARCH_REPLICAS: "1",
      OUTBOUND_ALLOW_PRIVATE: "true",
      // Load tests and drills post more than a ministry may a minute (600 by default).
      INGEST_RATE_LIMIT_PER_MINUTE: "1000000",
      ...options.env,
    };
    const startProcess = async (service: ServiceName, instance: number, port: number) => {
      // The portal's report page asks an ingest process (a load balancer would stand in front of both).
      const ingestUrl = processes.find((other) => other.service === "ingest")?.url;
      const own = service === "feeds" && ingestUrl !== undefined ? { INGEST_URL: ingestUrl } : {};
      const started = await startServiceOnPort(
        service,
        { ...process.env, ...env, ...own },
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
    return {
      natsServer,
      nats,
      opensearch,
      env,
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
          `  nats-server ${natsServer.version} (${natsServer.origin}${natsServer.syncAlways ? ", sync_interval: always" : ", no sync_interval in this version"})`,
          ...nats.map(
            (node) =>
              `  ${node.name.padEnd(14)} ${node.url} (routes on ${node.clusterPort}, monitoring ${node.monitorUrl}, store ${node.storeDir})`,
          ),
          ...opensearch.map((node, i) => `  opensearch-${i + 1}   ${node.url} (data in ${node.home})`),
          ...processes.map((p) => `  ${`${p.service}-${p.instance}`.padEnd(14)} ${p.url}`),
        ].join("\n"),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
