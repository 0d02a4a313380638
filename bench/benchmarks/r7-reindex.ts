import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { createOpenSearchClient, releaseEventSubject } from "@gazette/shared";
import { corpusEvent } from "../corpus.ts";
import { benchChildren, type BenchContext } from "../context.ts";
import { figure, type BenchRow } from "../measure.ts";
import { startProgress } from "../../tools/progress/progress.ts";

const names = { stream: "BENCH_R7", subjectPrefix: "bench.r7" };
const alias = "bench-r7";
/** Issue 32's goal: a million releases in 30 minutes, as a rate. */
const goalReleases = 1_000_000;
const goalSeconds = 30 * 60;
const repoRoot = join(import.meta.dirname, "..", "..");

const eventFor = (index: number) =>
  corpusEvent(index, { seed: 7007, externalIdPrefix: "r7", start: new Date(Date.UTC(2015, 0, 1)), stepMs: 60_000 });

/**
 * R7: `gazette reindex --from stream` (a process of its own, as an operator runs it) building a new
 * index of `releases` releases from the release stream: every event checked and presented as the
 * indexer does, stories grouped, the alias swapped. Reported as its rate against the goal's rate
 * (1,000,000 releases in 30 minutes); the goal counts as met only when the run was of a million.
 */
export async function r7Reindex(ctx: BenchContext, releases: number): Promise<BenchRow> {
  const nats = await connect({ servers: ctx.stack.env["NATS_URL"]! });
  const jsm = await jetstreamManager(nats);
  const client = createOpenSearchClient(ctx.stack.env["OPENSEARCH_URL"]!);
  try {
    await jsm.streams.delete(names.stream).catch(() => undefined);
    await jsm.streams.add({ name: names.stream, subjects: [`${names.subjectPrefix}.>`] });
    const js = jetstream(nats);
    const filling = startProgress({ label: "[bench] R7: filling the stream", unit: "releases", total: releases });
    for (let start = 0; start < releases; start += 1000) {
      const events = Array.from({ length: Math.min(1000, releases - start) }, (_, i) => eventFor(start + i));
      await Promise.all(
        events.map((event) => js.publish(releaseEventSubject(names, event.type, "demo"), JSON.stringify(event))),
      );
      filling.update(start + events.length);
    }
    filling.finish();

    const started = performance.now();
    const report = await runReindex(ctx);
    const seconds = (performance.now() - started) / 1000;
    if (report.loaded !== releases) throw new Error(`R7: the reindex loaded ${report.loaded} of ${releases} releases`);
    await client.indices.refresh({ index: alias });
    const count = (await client.count({ index: alias })).body.count as number;
    if (count !== releases) throw new Error(`R7: the new index holds ${count} documents, not ${releases}`);
    const rate = releases / seconds;
    const goalRate = goalReleases / goalSeconds;
    ctx.log(`R7: ${releases.toLocaleString("en")} releases reindexed in ${Math.round(seconds)} s`);
    return {
      id: "R7",
      what: `reindex of ${releases.toLocaleString("en")} releases from the stream (B: the goal's rate, 1,000,000 in 30 min)`,
      unit: "docs/s",
      goal: "≥ 1 at 1,000,000",
      a: figure([rate]),
      b: figure([goalRate]),
      ratio: figure([rate / goalRate]),
      met: releases >= goalReleases && seconds <= goalSeconds,
      details: {
        releases,
        seconds: Math.round(seconds),
        minutes: Math.round(seconds / 6) / 10,
        reindexPeakRssMb: report.peakRssMb,
      },
    };
  } finally {
    await client.indices.delete({ index: `${alias}-v*` }).catch(() => undefined);
    await client.indices.deleteIndexTemplate({ name: `${alias}-template` }).catch(() => undefined);
    await jsm.streams.delete(names.stream).catch(() => undefined);
    await nats.close();
    await client.close();
  }
}

/** The highest resident memory a running process has had (VmHWM), in MB; 0 once it is gone. */
function peakRssMb(pid: number): number {
  try {
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** `gazette reindex --from stream` against the bench stream and alias; its JSON report and its peak memory. */
async function runReindex(ctx: BenchContext): Promise<{ loaded: number; to: string; peakRssMb: number }> {
  const profile = ctx.profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${ctx.profileDir}/r7-reindex`];
  const child = spawn(
    process.execPath,
    [...profile, join(repoRoot, "tools", "gazette.ts"), "reindex", "--from", "stream"],
    {
      env: {
        ...ctx.stack.env,
        NATS_STREAM: names.stream,
        NATS_SUBJECT_PREFIX: names.subjectPrefix,
        OPENSEARCH_INDEX: alias,
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    },
  );
  benchChildren.add(child);
  let peak = 0;
  const watch = setInterval(() => (peak = Math.max(peak, peakRssMb(child.pid!))), 1000);
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const [code] = (await once(child, "exit")) as [number | null];
  clearInterval(watch);
  benchChildren.delete(child);
  if (code !== 0) throw new Error(`R7: gazette reindex exited with ${code}`);
  return { ...(JSON.parse(stdout.trim().split("\n").at(-1)!) as { loaded: number; to: string }), peakRssMb: peak };
}
