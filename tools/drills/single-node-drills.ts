/**
 * The single-node fault drills (issue 17): a stack of its own (one NATS server and one OpenSearch node
 * that can be stopped and started again on their data, one ingest, two indexers, one feeds), under a
 * load of releases: OpenSearch stopped for 60 s; NATS restarted; two indexers racing with bursts of
 * versions of the same releases; the index deleted behind the alias under load (it heals by itself).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, startLocalOpenSearch, type LocalOpenSearch } from "../opensearch-local/opensearch-local.ts";
import { startServiceOnPort, stopChild, type ServiceName } from "../dev-stack/services.ts";
import { natsSingleNode } from "../cluster/nats-cluster.ts";
import { currentNatsServer, type NatsServerBinary } from "../cluster/nats-server-binary.ts";
import { runDrill, type DrillResult } from "./drill-load.ts";

export const singleNodeDrillNames = [
  "OpenSearch stopped 60 s",
  "NATS restarted",
  "two indexers, bursts of versions of the same releases",
  "index deleted behind the alias under load",
] as const;
export type SingleNodeDrillName = (typeof singleNodeDrillNames)[number];

export interface SingleNodeStack {
  /** The nats-server binary the NATS node runs. */
  natsServer: NatsServerBinary;
  run(drill: SingleNodeDrillName, log: (message: string) => void): Promise<DrillResult>;
  stop(): Promise<void>;
}

export async function startSingleNodeStack(
  log: (message: string) => void,
  natsServer: NatsServerBinary = currentNatsServer(log),
): Promise<SingleNodeStack> {
  const dir = mkdtempSync(join(tmpdir(), "gazette-drills-"));
  const [natsPort, monitorPort] = [await freePort(), await freePort()];
  const nats = natsSingleNode(natsPort, monitorPort === natsPort ? await freePort() : monitorPort, dir, natsServer);
  const opensearchPort = await freePort();
  const opensearchHome = join(dir, "opensearch");
  let opensearch: LocalOpenSearch | undefined;
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    await opensearch?.stop();
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    log(`single node: starting NATS (nats-server ${natsServer.version}, ${natsServer.origin}) and OpenSearch…`);
    await nats.start();
    opensearch = await startLocalOpenSearch({ port: opensearchPort, home: opensearchHome });
    const env = {
      ...process.env,
      NATS_URL: nats.url,
      OPENSEARCH_URL: opensearch.url,
      OUTBOUND_ALLOW_PRIVATE: "true",
      // The drills post more than a ministry may a minute (600 by default): the limit is not under test.
      INGEST_RATE_LIMIT_PER_MINUTE: "1000000",
    };
    const start = async (service: ServiceName) => {
      const { url, child } = await startServiceOnPort(service, env, await freePort());
      children.push(child);
      return url;
    };
    const ingestUrl = await start("ingest");
    await start("indexer");
    await start("indexer");
    await start("feeds");
    const options = { ingestUrls: [ingestUrl], opensearch: opensearch.url, alias: "releases" };
    const restartOpenSearch = async () => {
      opensearch = await startLocalOpenSearch({ port: opensearchPort, home: opensearchHome });
    };
    return {
      natsServer,
      stop,
      run(drill, drillLog) {
        switch (drill) {
          case "OpenSearch stopped 60 s":
            return runDrill(
              drill,
              { ...options, mendAfterMs: 60_000 },
              () => opensearch!.kill(),
              restartOpenSearch,
              drillLog,
            );
          case "NATS restarted":
            return runDrill(
              drill,
              options,
              () => nats.stop(),
              () => nats.start(),
              drillLog,
            );
          case "two indexers, bursts of versions of the same releases":
            return runDrill(
              drill,
              { ...options, sameReleases: 5, ratePerSecond: 40 },
              async () => {},
              async () => {},
              drillLog,
            );
          case "index deleted behind the alias under load":
            return runDrill(
              drill,
              options,
              async () => {
                await fetch(`${opensearch!.url}/releases-v*`, { method: "DELETE" });
                await sleep(100);
              },
              async () => {},
              drillLog,
            );
        }
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
