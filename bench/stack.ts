import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { provideInfrastructure, type Infrastructure } from "../tools/dev-stack/infrastructure.ts";
import {
  serviceNames,
  spawnService,
  stopChild,
  waitReadyOrExit,
  type ServiceName,
} from "../tools/dev-stack/services.ts";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { kvStreamName, watermarksBucketOf } from "@gazette/shared";

/** Names of the benchmark's own stream, bucket, consumer and index, so a bench never touches other data. */
export const benchNames = {
  NATS_STREAM: "BENCH_RELEASES",
  NATS_SUBJECT_PREFIX: "bench.releases",
  INGEST_RELEASES_BUCKET: "bench-releases",
  INDEXER_DURABLE: "bench-indexer",
  OPENSEARCH_INDEX: "bench-releases",
  REPORTS_BUCKET: "bench-reports",
};

export interface BenchStack {
  infrastructure: Infrastructure;
  env: Record<string, string>;
  urls: Record<ServiceName, string>;
  pids: Record<ServiceName, number>;
  /** Starts (or restarts) one service and waits until it is ready. */
  start(service: ServiceName): Promise<void>;
  stopService(service: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The services' settings in the bench: the bench's names, the infrastructure, free ports, and no
 * per-client limits (the load generator is one address asking as fast as it can), each at the most
 * the services' config modules accept (test/bench-config.test.ts loads them).
 */
export function benchServiceEnv(
  infrastructure: { natsUrl: string; opensearchUrl: string },
  ports: { indexer: number; ingest: number; feeds: number },
): Record<string, string> {
  return {
    ...benchNames,
    NATS_URL: infrastructure.natsUrl,
    OPENSEARCH_URL: infrastructure.opensearchUrl,
    INDEXER_PORT: String(ports.indexer),
    INGEST_PORT: String(ports.ingest),
    FEEDS_PORT: String(ports.feeds),
    INGEST_URL: `http://127.0.0.1:${ports.ingest}`,
    FEEDS_READ_RATE_LIMIT_PER_MINUTE: "10000000",
    FEEDS_WEBSUB_RATE_LIMIT_PER_MINUTE: "1000000",
    LOG_LEVEL: "warn",
    INGEST_RATE_LIMIT_PER_MINUTE: "1000000",
    PUBLIC_BASE_URL: `http://127.0.0.1:${ports.feeds}`,
  };
}

/** The local stack as `npm start` runs it (services as child processes), on free ports, with the bench's names. */
export async function startBenchStack(log: (message: string) => void, profileDir?: string): Promise<BenchStack> {
  const infrastructure = await provideInfrastructure({
    env: process.env,
    purpose: "test",
    log,
    root: join(import.meta.dirname, ".."),
  });
  const ports = { indexer: await freePort(), ingest: await freePort(), feeds: await freePort() };
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...benchServiceEnv(infrastructure, ports),
  };
  // A bench starts from nothing: its own streams and bucket may remain from an earlier run.
  await removeBenchStreams(infrastructure.natsUrl);
  const urls = {
    indexer: `http://127.0.0.1:${ports.indexer}`,
    ingest: `http://127.0.0.1:${ports.ingest}`,
    feeds: `http://127.0.0.1:${ports.feeds}`,
  };
  const children = new Map<ServiceName, ChildProcess>();
  const pids = {} as Record<ServiceName, number>;
  const stack: BenchStack = {
    infrastructure,
    env,
    urls,
    pids,
    async start(service) {
      // --profile: each service writes a V8 CPU profile when it stops (see bench/profile-summary.ts).
      const child = spawnService(
        service,
        env,
        "inherit",
        profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}/${service}`],
      );
      children.set(service, child);
      pids[service] = child.pid!;
      await waitReadyOrExit(urls[service], child, service);
    },
    async stopService(service) {
      const child = children.get(service);
      if (child !== undefined) await stopChild(child);
      children.delete(service);
    },
    async stop() {
      await Promise.all([...children.values()].map(stopChild));
      await removeBenchStreams(infrastructure.natsUrl).catch(() => undefined);
      await infrastructure.stop();
    },
  };
  try {
    for (const service of serviceNames) await stack.start(service);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}

async function removeBenchStreams(natsUrl: string): Promise<void> {
  const nats = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nats);
    for (const stream of [
      benchNames.NATS_STREAM,
      `${benchNames.NATS_STREAM}_DEAD`,
      kvStreamName(benchNames.INGEST_RELEASES_BUCKET),
      kvStreamName(
        watermarksBucketOf({ stream: benchNames.NATS_STREAM, subjectPrefix: benchNames.NATS_SUBJECT_PREFIX }),
      ),
      "BENCH_REFERENCE",
      "BENCH_RAW",
      "BENCH_R2",
    ]) {
      await jsm.streams.delete(stream).catch(() => undefined);
    }
  } finally {
    await nats.close();
  }
}

/** Resident memory (bytes) and CPU time used so far (ms) of a process, from /proc. */
export function processUsage(pid: number): { rssBytes: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / 100 };
}
