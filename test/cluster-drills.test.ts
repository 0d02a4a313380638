import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNothingLost } from "./support/drill-expectations.ts";
import { createOpenSearchClient, kvStreamName } from "@gazette/shared";
import { startLocalCluster, type LocalCluster } from "../tools/cluster/local-cluster.ts";
import { versionAtLeast } from "../tools/cluster/nats-server-binary.ts";
import { runClusterDrill, type ClusterDrillName } from "../tools/drills/cluster-drills.ts";

/**
 * The cluster of `npm run cluster` (3 NATS, 3 OpenSearch, 2 processes of each service), and fault drills
 * on it under load: nothing acknowledged may be lost, and no 5xx but 503 with Retry-After. Recovery
 * times are printed (they go in the README's table), not asserted: these machines are noisy.
 */
const natsServer = inject("drillNatsServer");

describe(`the local cluster and its fault drills (nats-server ${natsServer.version})`, () => {
  let cluster: LocalCluster;
  const log = (message: string) => console.info(message);

  beforeAll(async () => {
    cluster = await startLocalCluster({ log, natsServer });
  }, 600_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 120_000);

  it("runs a current nats-server whose every node fsyncs before it acknowledges, as production does", async () => {
    // 2.9 (Debian 12's) knows no sync_interval: the drills would prove less than production runs.
    expect(
      versionAtLeast(natsServer.version, 2, 10),
      `nats-server ${natsServer.version} (${natsServer.origin}): set NATS_SERVER_BINARY to a nats-server ≥ 2.10, ` +
        "or let the tests fetch Debian testing's (apt-get must reach deb.debian.org)",
    ).toBe(true);
    for (const node of cluster.nats) {
      const varz = (await (await fetch(`${node.monitorUrl}/varz`)).json()) as {
        version: string;
        jetstream: { config: { sync_always?: boolean } };
      };
      expect([node.name, varz.version, varz.jetstream.config.sync_always]).toEqual([
        node.name,
        natsServer.version,
        true,
      ]);
    }
  });

  it("replicates every stream and bucket three times and every shard once, and is green", async () => {
    const nats = await connect({ servers: cluster.env["NATS_URL"]!.split(",") });
    try {
      const jsm = await jetstreamManager(nats);
      const streams = ["RELEASES", "RELEASES_DEAD", kvStreamName("releases"), kvStreamName("publishers")];
      for (const stream of streams) {
        const info = await jsm.streams.info(stream);
        expect([stream, info.config.num_replicas, info.cluster?.replicas?.length]).toEqual([stream, 3, 2]);
      }
    } finally {
      await nats.close();
    }
    const client = createOpenSearchClient(cluster.env["OPENSEARCH_URL"]!);
    try {
      const health = await client.cluster.health({ wait_for_status: "green", timeout: "60s" } as never);
      expect((health.body as { number_of_nodes: number }).number_of_nodes).toBe(3);
      expect((health.body as { status: string }).status).toBe("green");
      const settings = (await client.indices.getSettings({ index: "releases" })).body as Record<
        string,
        { settings: { index: { number_of_shards: string; number_of_replicas: string } } }
      >;
      const [index] = Object.values(settings);
      expect([index!.settings.index.number_of_shards, index!.settings.index.number_of_replicas]).toEqual(["3", "1"]);
    } finally {
      await client.close();
    }
  }, 120_000);

  it.each([
    "NATS node killed",
    "NATS stream leader killed",
    "OpenSearch node killed",
    "indexer process killed",
  ] satisfies ClusterDrillName[])(
    "%s under load: every acknowledged release searchable at its version, no 5xx but 503 + Retry-After",
    async (drill) => {
      expectNothingLost(await runClusterDrill(cluster, drill, log), 50);
    },
    600_000,
  );
});
