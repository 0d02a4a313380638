import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { createOpenSearchClient, natsConnectionOptions, releaseEventSubject } from "@gazette/shared";
import { freePort } from "../../tools/opensearch-local/opensearch-local.ts";
import { spawnService, startServiceOnPort, stopChild } from "../../tools/dev-stack/services.ts";
import type { LocalCluster } from "../../tools/cluster/local-cluster.ts";
import { corpusEvent, corpusRelease } from "../corpus.ts";
import { figure, requestsPerSecond, type Figure } from "../measure.ts";
import { cpuShares } from "./cpu.ts";
import { waitConsumerDrained } from "../consumer.ts";

const root = join(import.meta.dirname, "..", "..");
const serviceMark = (service: string) => join(root, "services", service, "src", "main.ts");

export interface ScalingPoint {
  processes: number;
  rate: Figure;
  /** Share of the machine's busy CPU time per group, averaged over the rounds. */
  cpu: Record<string, number>;
  /** How busy the machine was (1: both cores all the time). */
  machineBusy: number;
}

/** CPU groups of the cluster: NATS nodes (by store folder), OpenSearch nodes (by home), a service's processes. */
function groupsOf(cluster: LocalCluster, service: "indexer" | "ingest") {
  return {
    [service]: [serviceMark(service)],
    nats: cluster.nats.map((node) => node.storeDir),
    opensearch: cluster.opensearch.map((node) => node.home),
  };
}

const average = (maps: Record<string, number>[]) => {
  const keys = new Set(maps.flatMap((map) => Object.keys(map)));
  return Object.fromEntries(
    [...keys].map((key) => [key, maps.reduce((sum, map) => sum + (map[key] ?? 0), 0) / maps.length]),
  );
};

/** Resolves once the index holds `total` documents (refreshing as it looks); throws after two minutes. */
async function waitIndexed(client: ReturnType<typeof createOpenSearchClient>, alias: string, total: number) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    await client.indices.refresh({ index: alias });
    const count = (await client.count({ index: alias })).body.count as number;
    if (count === total) return;
    if (Date.now() > deadline) throw new Error(`scaling R2: the index holds ${count} documents, not ${total}`);
    await sleep(250);
  }
}

/**
 * R2 on the cluster: `total` release events in a 3-replica stream, drained into a fresh index (3
 * shards, 1 replica) by 1 or 2 indexer processes sharing one durable consumer; rounds alternate.
 */
export async function indexerScaling(
  cluster: LocalCluster,
  options: { total: number; rounds: number; log: (line: string) => void },
): Promise<ScalingPoint[]> {
  const names = { stream: "SCALING_R2", subjectPrefix: "scaling.r2" };
  const nats = await connect(natsConnectionOptions(cluster.admin.nats, "admin"));
  const jsm = await jetstreamManager(nats);
  const client = createOpenSearchClient(cluster.admin.opensearch);
  try {
    await jsm.streams.delete(names.stream).catch(() => undefined);
    await jsm.streams.add({ name: names.stream, subjects: [`${names.subjectPrefix}.>`], num_replicas: 3 });
    const js = jetstream(nats);
    for (let start = 0; start < options.total; start += 500) {
      const events = Array.from({ length: Math.min(500, options.total - start) }, (_, i) =>
        corpusEvent(start + i, {
          seed: 1717,
          externalIdPrefix: "scaling",
          start: new Date(Date.UTC(2024, 0, 1)),
          stepMs: 1000,
        }),
      );
      await Promise.all(
        events.map((event) => js.publish(releaseEventSubject(names, event.type, "demo"), JSON.stringify(event))),
      );
    }
    options.log(`scaling R2: ${options.total} releases in a 3-replica stream`);
    const samples: Samples = new Map();
    let run = 0;
    for (let round = 1; round <= options.rounds; round++)
      for (const processes of [1, 2]) {
        const durable = `scaling-r2-${run}`;
        const alias = `scaling-r2-${run++}`;
        const env = {
          ...process.env,
          ...adminEnv(cluster),
          NATS_STREAM: names.stream,
          NATS_SUBJECT_PREFIX: names.subjectPrefix,
          INDEXER_DURABLE: durable,
          OPENSEARCH_INDEX: alias,
          INDEXER_PORT: "0",
          LOG_LEVEL: "warn",
        };
        const started = performance.now();
        const indexers: ChildProcess[] = Array.from({ length: processes }, () =>
          spawnService("indexer", env, "ignore"),
        );
        try {
          // Done when every release is in the index: a write OpenSearch pushed back (429 on a busy
          // cluster) is naked with a delay, and such messages count neither as pending nor as unacked.
          const measured = await cpuShares(groupsOf(cluster, "indexer"), async () => {
            await waitConsumerDrained(jsm, names.stream, durable, options.total);
            await waitIndexed(client, alias, options.total);
            return options.total / ((performance.now() - started) / 1000);
          });
          addSample(samples, processes, measured);
          options.log(`scaling R2 round ${round}: ${processes} indexer(s) ${describe(measured, "docs/s")}`);
        } finally {
          for (const indexer of indexers) await stopChild(indexer);
          await jsm.consumers.delete(names.stream, durable).catch(() => undefined);
          await client.indices.delete({ index: `${alias}-v*` }).catch(() => undefined);
        }
      }
    return pointsOf(samples);
  } finally {
    await jsm.streams.delete(names.stream).catch(() => undefined);
    await nats.close();
    await client.close();
  }
}

/**
 * The cluster's settings with its admin's credentials: the scaling runs use streams, buckets and
 * indices of their own, which the services' least-privilege users may not touch (ADR 0021), and
 * publish unsigned events of their own (no verify key).
 */
function adminEnv(cluster: LocalCluster): Record<string, string> {
  return {
    ...cluster.env,
    NATS_CREDS_FILE: cluster.admin.nats.NATS_CREDS_FILE!,
    OPENSEARCH_USERNAME: cluster.admin.opensearch.OPENSEARCH_USERNAME!,
    OPENSEARCH_PASSWORD_FILE: cluster.admin.opensearch.OPENSEARCH_PASSWORD_FILE!,
  };
}

type Samples = Map<number, { rates: number[]; cpu: Record<string, number>[]; busy: number[] }>;
type Measured = { result: number; shares: Record<string, number>; machineBusy: number };

function addSample(samples: Samples, processes: number, measured: Measured): void {
  const entry = samples.get(processes) ?? { rates: [], cpu: [], busy: [] };
  entry.rates.push(measured.result);
  entry.cpu.push(measured.shares);
  entry.busy.push(measured.machineBusy);
  samples.set(processes, entry);
}

const describe = (measured: Measured, unit: string) =>
  `${Math.round(measured.result)} ${unit}, machine busy ${Math.round(measured.machineBusy * 100)} %`;

function pointsOf(samples: Samples): ScalingPoint[] {
  return [...samples].map(([processes, entry]) => ({
    processes,
    rate: figure(entry.rates),
    cpu: average(entry.cpu),
    machineBusy: entry.busy.reduce((sum, n) => sum + n, 0) / entry.busy.length,
  }));
}

/**
 * R1 on the cluster: POSTs of a ~4 KB release (a new one each time) to 1 or 2 ingest processes
 * (one bucket and stream, 3 replicas each), with the same number of connections in all, split
 * evenly; nothing indexes meanwhile. Rounds alternate.
 */
export async function ingestScaling(
  cluster: LocalCluster,
  options: { seconds: number; rounds: number; connections: number; log: (line: string) => void },
): Promise<ScalingPoint[]> {
  const env = {
    ...process.env,
    ...adminEnv(cluster),
    NATS_STREAM: "SCALING_R1",
    NATS_SUBJECT_PREFIX: "scaling.r1",
    INGEST_RELEASES_BUCKET: "scaling-r1",
    REPORTS_BUCKET: "scaling-reports",
    LOG_LEVEL: "warn",
  };
  const ingests = [];
  for (let i = 0; i < 2; i++)
    ingests.push(await startServiceOnPort("ingest", env, await freePort(), `ingest ${i + 1}`));
  const template = JSON.stringify({ ...corpusRelease(4), externalId: "scaling-[<id>]" });
  const samples: Samples = new Map();
  try {
    for (let round = 1; round <= options.rounds; round++)
      for (const processes of [1, 2]) {
        const targets = ingests.slice(0, processes);
        const measured = await cpuShares(groupsOf(cluster, "ingest"), async () => {
          const rates = await Promise.all(
            targets.map((target) =>
              requestsPerSecond({
                url: `${target.url}/v1/releases`,
                method: "POST",
                headers: { authorization: `Bearer ${cluster.publisher.apiKey}`, "content-type": "application/json" },
                body: template,
                connections: Math.round(options.connections / processes),
                seconds: options.seconds,
                expectStatus: 202,
              }),
            ),
          );
          return rates.reduce((sum, rate) => sum + rate, 0);
        });
        addSample(samples, processes, measured);
        options.log(`scaling R1 round ${round}: ${processes} ingest(s) ${describe(measured, "req/s")}`);
      }
    return pointsOf(samples);
  } finally {
    for (const ingest of ingests) await stopChild(ingest.child);
  }
}
