import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectNothingLost } from "./support/drill-expectations.ts";
import { createOpenSearchClient, kvStreamName, natsConnectionOptions } from "@gazette/shared";
import { headers } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import { Agent, fetch as undiciFetch } from "undici";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { indexLayoutVersion, listDeadLetters } from "@gazette/indexer";
import { connectAs, natsAttempts, openSearchAs, outcome, plainTextAnswer } from "./support/cluster-probes.ts";
import { eventually } from "./support/eventually.ts";

const names = { stream: "RELEASES", subjectPrefix: "gazette.releases" };
/** A client that trusts the cluster's CA (its edge's certificate). */
const edgeClient = (cluster: LocalCluster) => new Agent({ connect: { ca: readFileSync(cluster.secrets.caFile) } });
import { startLocalCluster, type LocalCluster } from "../tools/cluster/local-cluster.ts";
import { versionAtLeast } from "../tools/cluster/nats-server-binary.ts";
import { runClusterDrill, type ClusterDrillName } from "../tools/drills/cluster-drills.ts";
import { disasterDrillNames, runDisasterDrill } from "../tools/drills/disaster-drills.ts";

/**
 * The cluster of `npm run cluster` (3 NATS, 3 OpenSearch, 2 processes of each service), and fault drills
 * on it under load: nothing acknowledged may be lost, and no 5xx but 503 with Retry-After. Recovery
 * times are printed (they go in docs/operations.md's table), not asserted: these machines are noisy.
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
    const nats = await connect(natsConnectionOptions(cluster.admin.nats, "admin"));
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
    const client = createOpenSearchClient(cluster.admin.opensearch);
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

  describe("secured as production is (ADR 0021): an outsider, or a thief of one service's credentials, is refused", () => {
    it("refuses a NATS client without credentials, and one that speaks without TLS", async () => {
      const anonymous = await outcome(() =>
        connect({
          ...natsConnectionOptions({ ...cluster.env, NATS_CREDS_FILE: undefined } as never, "outsider"),
          reconnect: false,
          timeout: 5000,
        }),
      );
      expect(anonymous).toMatch(/Authorization Violation/i);
      // The server asks for TLS in its INFO, and answers clear text by closing: no PONG, no session.
      const plain = await plainTextAnswer(cluster.nats[0]!.url);
      expect(plain.info).toMatch(/"tls_required":true/);
      expect(plain).toMatchObject({ answer: expect.not.stringMatching(/PONG|\+OK/), closed: true });
    });

    it("lets neither feeds' nor the indexer's user publish a release event, write the record of truth, or delete or purge a stream; nor ingest's delete or purge", async () => {
      for (const user of ["feeds", "indexer", "ingest"] as const) {
        const nats = await connectAs(cluster, user);
        try {
          // Ingest may publish events and write the record of truth (its job): only the rest is tried with its user.
          const attempts = await natsAttempts(
            nats,
            user,
            user === "ingest"
              ? [
                  "delete the release stream",
                  "purge the release stream",
                  "delete the record of truth",
                  "purge the record of truth",
                ]
              : undefined,
          );
          expect(Object.keys(attempts).length).toBe(user === "ingest" ? 4 : 6);
          for (const [what, result] of Object.entries(attempts))
            expect(`${user}: ${what}: ${result}`).toMatch(/Permissions Violation/i);
        } finally {
          await nats.close();
        }
      }
      // The admin (operators' tools) may: the streams are all there, whole.
      const admin = await connectAs(cluster, "admin");
      try {
        const jsm = await jetstreamManager(admin);
        for (const stream of ["RELEASES", "KV_releases"])
          expect((await jsm.streams.info(stream)).config.name).toBe(stream);
      } finally {
        await admin.close();
      }
    });

    it("indexes no forged event: ingest's own subject with a signature copied from a real event goes to the dead letters", async () => {
      const post = await undiciFetch(`${cluster.edge.ingestUrl}/v1/releases`, {
        method: "POST",
        headers: { authorization: `Bearer ${cluster.publisher.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({
          externalId: "genuine-1",
          language: "ru",
          title: "Подлинное сообщение",
          body: "<p>Текст министерства</p>",
        }),
        dispatcher: edgeClient(cluster),
      });
      expect(post.status).toBe(202);
      const { id } = (await post.json()) as { id: string };
      const admin = await connectAs(cluster, "admin");
      const ingest = await connectAs(cluster, "ingest");
      try {
        const jsm = await jetstreamManager(admin);
        const genuine = await jsm.streams.getMessage("RELEASES", { last_by_subj: "gazette.releases.published.demo" });
        const signature = genuine!.header.get("Gazette-Signature");
        expect(signature).toMatch(/^ed25519 [0-9a-f]{16} /);
        const event = genuine!.json<{ release: { title: string; version: number }; version: number }>();
        const forged = {
          ...event,
          version: 999_999,
          release: { ...event.release, title: "Подделка", version: 999_999 },
        };
        const deadBefore = (await listDeadLetters(jsm, names)).length;
        const header = headers();
        header.set("Gazette-Signature", signature);
        await jetstream(ingest).publish("gazette.releases.published.demo", JSON.stringify(forged), { headers: header });
        await eventually(async () => expect((await listDeadLetters(jsm, names)).length).toBe(deadBefore + 1), {
          timeoutMs: 30_000,
        });
        const letter = (await listDeadLetters(jsm, names)).at(-1)!;
        expect(letter.reason).toMatch(/signature does not match/);
        const client = createOpenSearchClient(cluster.admin.opensearch);
        try {
          await eventually(async () => {
            const stored = await client.get({ index: "releases", id });
            expect((stored.body as { _source: { version: number; title: string } })._source).toMatchObject({
              version: 1,
              title: "Подлинное сообщение",
            });
          });
        } finally {
          await client.close();
        }
        const metrics = await Promise.all(
          cluster.processes
            .filter((p) => p.service === "indexer")
            .map(async (p) => (await fetch(`${p.url}/metrics`)).text()),
        );
        expect(metrics.join("\n")).toMatch(/gazette_indexer_rejected_events_total\{kind="forged"\} 1/);
      } finally {
        await ingest.close();
        await admin.close();
      }
    });

    it("rebuilds a lost index by itself through ingest's replay of the record of truth, each with its own least privilege", async () => {
      const admin = createOpenSearchClient(cluster.admin.opensearch);
      const nats = await connectAs(cluster, "admin");
      try {
        const count = async () => ((await admin.count({ index: "releases" })).body as { count: number }).count;
        const posted = await undiciFetch(`${cluster.edge.ingestUrl}/v1/releases`, {
          method: "POST",
          headers: { authorization: `Bearer ${cluster.publisher.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({
            externalId: "kept-1",
            language: "ru",
            title: "Сохранённое сообщение",
            body: "<p>Текст</p>",
          }),
          dispatcher: edgeClient(cluster),
        });
        expect(posted.status).toBe(202);
        // What the index holds once the indexer has caught up: this release in it (the index already held
        // the earlier tests' releases, so a count above zero proved nothing), and the same count twice,
        // three seconds apart.
        let before = 0;
        await eventually(
          async () => {
            await admin.indices.refresh({ index: "releases" });
            const kept = await admin.count({ index: "releases", body: { query: { term: { externalId: "kept-1" } } } });
            expect((kept.body as { count: number }).count).toBe(1);
            const first = await count();
            await sleep(3000);
            await admin.indices.refresh({ index: "releases" });
            before = await count();
            expect(before).toBeGreaterThan(0);
            expect(before).toBe(first);
          },
          { timeoutMs: 60_000, intervalMs: 1000 },
        );
        // The old events aged out of the stream, then the index is lost: only ingest's record can bring them back.
        await (await jetstreamManager(nats)).streams.purge("RELEASES");
        await admin.indices.delete({ index: "releases-v*" });
        await eventually(
          async () => {
            await admin.indices.refresh({ index: "releases" });
            expect(await count()).toBe(before);
          },
          { timeoutMs: 90_000, intervalMs: 1000 },
        );
      } finally {
        await nats.close();
        await admin.close();
      }
    }, 120_000);

    it("OpenSearch refuses anonymous requests; feeds' user reads but cannot write or delete; the indexer's cannot delete", async () => {
      expect(await openSearchAs(cluster, undefined, "GET", "/_cluster/health")).toBe(401);
      expect(await openSearchAs(cluster, undefined, "GET", "/releases/_search")).toBe(401);
      expect(await openSearchAs(cluster, "feeds", "GET", "/releases/_search")).toBe(200);
      expect(await openSearchAs(cluster, "feeds", "PUT", "/releases/_doc/forged", { title: "Подделка" })).toBe(403);
      // The index of the current layout, which holds the releases (a name that does not exist would prove less).
      const current = `/releases-v${indexLayoutVersion}`;
      expect(await openSearchAs(cluster, "feeds", "DELETE", current)).toBe(403);
      expect(await openSearchAs(cluster, "indexer", "DELETE", current)).toBe(403);
      expect(await openSearchAs(cluster, "indexer", "PUT", "/other-index")).toBe(403);
    });

    it("serves feeds and ingest over TLS at the edge (HSTS, no /metrics) and takes no development key", async () => {
      const dispatcher = edgeClient(cluster);
      const feed = await undiciFetch(`${cluster.edge.feedsUrl}/feeds/rss.xml`, { dispatcher });
      expect(feed.status).toBe(200);
      expect(feed.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect((await undiciFetch(`${cluster.edge.feedsUrl}/metrics`, { dispatcher })).status).toBe(404);
      const demo = await undiciFetch(`${cluster.edge.ingestUrl}/v1/releases`, {
        method: "POST",
        headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
        body: JSON.stringify({ externalId: "x", language: "ru", title: "Т", body: "<p>т</p>" }),
        dispatcher,
      });
      expect(demo.status).toBe(401);
    });
  });

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

  // Last: they destroy what the cluster holds, and restore it from a backup.
  it.each(disasterDrillNames)(
    "disaster, %s: restored from a backup by the admin, every release back at its version in ingest and in search, withdrawn ones still withdrawn, subscriptions back",
    async (drill) => {
      const result = await runDisasterDrill(cluster, drill, log);
      log(JSON.stringify(result));
      expect(result.acknowledged).toBeGreaterThan(50);
      expect(result.withdrawn).toBeGreaterThan(0);
      expect(result).toMatchObject({
        restored: result.acknowledged,
        indexed: result.acknowledged,
        lost: 0,
        bucketsEqual: true,
      });
      expect(result.subscriptions.after).toBe(result.subscriptions.before);
      expect(result.subscriptions.before).toBeGreaterThanOrEqual(3);
    },
    600_000,
  );
});
