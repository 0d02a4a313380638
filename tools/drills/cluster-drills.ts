/**
 * The cluster's fault drills (issue 17, ADR 0013), each under a load of releases posted to both
 * ingest processes: SIGKILL a NATS node, then the leader of the release stream; SIGKILL an OpenSearch
 * node; SIGKILL an indexer, an ingest and a feeds process. Each is brought back after a few seconds.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { natsConnectionOptions } from "@gazette/shared";
import type { LocalCluster } from "../cluster/local-cluster.ts";
import { runDrill, type DrillResult } from "./drill-load.ts";

export const clusterDrillNames = [
  "NATS node killed",
  "NATS stream leader killed",
  "OpenSearch node killed",
  "indexer process killed",
  "ingest process killed",
  "feeds process killed",
] as const;
export type ClusterDrillName = (typeof clusterDrillNames)[number];

async function streamLeader(cluster: LocalCluster): Promise<string> {
  const nats = await connect(natsConnectionOptions(cluster.admin.nats, "admin"));
  try {
    const jsm = await jetstreamManager(nats);
    const info = await jsm.streams.info(cluster.env["NATS_STREAM"] ?? "RELEASES");
    return info.cluster?.leader ?? "";
  } finally {
    await nats.close();
  }
}

export async function runClusterDrill(
  cluster: LocalCluster,
  drill: ClusterDrillName,
  log: (message: string) => void,
): Promise<DrillResult> {
  const options = {
    ingestUrls: cluster.processes.filter((p) => p.service === "ingest").map((p) => p.url),
    opensearch: cluster.admin.opensearch,
    alias: cluster.env["OPENSEARCH_INDEX"] ?? "releases",
    apiKey: cluster.publisher.apiKey,
  };
  const processOf = (service: string) => cluster.processes.find((p) => p.service === service && p.instance === 1)!;
  switch (drill) {
    case "NATS node killed": {
      const node = cluster.nats[1]!;
      return runDrill(
        drill,
        options,
        () => node.kill(),
        () => node.start(),
        log,
      );
    }
    case "NATS stream leader killed": {
      let node = cluster.nats[0]!;
      return runDrill(
        drill,
        options,
        async () => {
          const leader = await streamLeader(cluster);
          node = cluster.nats.find((candidate) => candidate.name === leader) ?? node;
          log(`${drill}: the leader is ${node.name}`);
          await node.kill();
        },
        () => node.start(),
        log,
      );
    }
    case "OpenSearch node killed":
      return runDrill(
        drill,
        options,
        () => cluster.opensearch[2]!.kill(),
        () => cluster.restartOpenSearch(2),
        log,
      );
    case "indexer process killed":
    case "ingest process killed":
    case "feeds process killed": {
      const service = drill.split(" ")[0]!;
      const killed = processOf(service);
      return runDrill(
        drill,
        options,
        async () => {
          killed.child.kill("SIGKILL");
          await sleep(100);
        },
        async () => void (await cluster.restart(killed)),
        log,
      );
    }
  }
}

/** A markdown table of drill results (docs/operations.md's). */
export function drillTable(results: DrillResult[]): string {
  const lines = [
    "| drill | acknowledged | indexed at the right version | lost | 5xx seen | 4xx | no answer | recovery after it is back |",
    "|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    const errors =
      Object.entries(r.serverErrors)
        .map(([status, n]) => `${n} × ${status}`)
        .join(", ") || "none";
    const stored =
      r.storedUnconfirmed > 0
        ? `; ${r.storedUnconfirmed} release${r.storedUnconfirmed === 1 ? "" : "s"} stored all the same`
        : "";
    lines.push(
      `| ${r.drill} | ${r.acknowledged} | ${r.indexed} | ${r.lost} | ${errors}${stored}${r.badServerErrors > 0 ? ` (**${r.badServerErrors} not 503 + Retry-After**)` : ""} | ${r.refused} | ${r.unanswered} | ${r.recoverySeconds} s |`,
    );
  }
  return lines.join("\n");
}
