import { parseArgs } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { loadIngestConfig } from "@gazette/ingest";
import { createLogger, natsConnectionOptions } from "@gazette/shared";
import { takeBackup } from "../backup/backup.ts";
import { gazetteBuckets } from "../backup/buckets.ts";
import { restoreBackup } from "../backup/restore.ts";
import { runScheduledBackups } from "../backup/scheduled.ts";
import { verifyBackup } from "../backup/verify.ts";
import { startProgress } from "../progress/progress.ts";
import { backupHelp, restoreHelp } from "./usage.ts";

async function adminNats() {
  const config = loadIngestConfig({ ...process.env, NODE_ENV: undefined });
  const nats = await connect(natsConnectionOptions(config, "admin"));
  return { nats, js: jetstream(nats), jsm: await jetstreamManager(nats), config };
}

const version = (
  JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as { version: string }
).version;

/** `backup --to DIR` and `backup --verify DIR`. */
export async function backupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      to: { type: "string" },
      verify: { type: "string" },
      registry: { type: "string" },
      every: { type: "string" },
      keep: { type: "string", default: "48" },
      "metrics-port": { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(backupHelp);
    return 0;
  }
  if (values.verify !== undefined) {
    const report = await verifyBackup(values.verify);
    if (values.json) console.log(JSON.stringify(report));
    else if (report.ok)
      console.log(
        `backup in ${values.verify} verified: ${report.buckets.map((b) => `${b.bucket} ${b.keys} keys, ${b.entries} entries`).join("; ")}`,
      );
    else console.error(`backup in ${values.verify} is damaged:\n  ${report.problems.join("\n  ")}`);
    return report.ok ? 0 : 1;
  }
  if (values.to === undefined) {
    process.stderr.write(backupHelp);
    return 2;
  }
  if (values.every !== undefined) {
    const every = Number(values.every);
    const keep = Number(values.keep);
    const port = values["metrics-port"] === undefined ? undefined : Number(values["metrics-port"]);
    const problems = [
      Number.isInteger(every) && every >= 60 ? "" : `--every takes whole seconds, 60 or more, not ${values.every}`,
      Number.isInteger(keep) && keep >= 1 ? "" : `--keep takes a whole number, 1 or more, not ${values.keep}`,
      port === undefined || (Number.isInteger(port) && port > 0 && port < 65536)
        ? ""
        : `--metrics-port takes a port, not ${values["metrics-port"]}`,
    ].filter((problem) => problem !== "");
    if (problems.length > 0) {
      process.stderr.write(`${problems.join("\n")}\n\n${backupHelp}`);
      return 2;
    }
    return scheduledBackups(values.to, every, keep, port, values.registry);
  }
  const { nats, js, jsm, config } = await adminNats();
  try {
    const progress = startProgress({ label: `backup into ${values.to}`, unit: "entries" });
    const registryFile = values.registry ?? config.PUBLISHERS_FILE;
    const manifest = await takeBackup({
      js,
      jsm,
      dir: values.to,
      buckets: gazetteBuckets(process.env),
      gazetteVersion: version,
      ...(registryFile === undefined ? {} : { registryFile }),
      onProgress: (written, total) => progress.update(written, total),
    });
    progress.finish(`done in ${(manifest.tookMs / 1000).toFixed(1)} s`);
    if (values.json) console.log(JSON.stringify(manifest));
    else
      console.log(
        `backup in ${values.to}: ${manifest.buckets.map((b) => (b.absent ? `${b.bucket} (none)` : `${b.bucket} ${b.keys} keys, ${b.entries} entries`)).join("; ")}`,
      );
    return 0;
  } finally {
    await nats.close();
  }
}

/** `backup --to DIR --every S`: runs until SIGTERM or SIGINT (after the backup under way). */
async function scheduledBackups(
  dir: string,
  every: number,
  keep: number,
  port: number | undefined,
  registry: string | undefined,
): Promise<number> {
  const log = createLogger("backup");
  const stop = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => stop.abort());
  const buckets = gazetteBuckets(process.env);
  await runScheduledBackups({
    dir,
    everyMs: every * 1000,
    keep,
    log,
    signal: stop.signal,
    ...(port === undefined ? {} : { metrics: { host: process.env["HOST"] ?? "127.0.0.1", port } }),
    async backup(into) {
      const { nats, js, jsm, config } = await adminNats();
      try {
        const registryFile = registry ?? config.PUBLISHERS_FILE;
        return await takeBackup({
          js,
          jsm,
          dir: into,
          buckets,
          gazetteVersion: version,
          ...(registryFile === undefined ? {} : { registryFile }),
        });
      } finally {
        await nats.close();
      }
    },
  });
  return 0;
}

/** `restore --from DIR [--force]`. */
export async function restoreCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: "string" },
      force: { type: "boolean", default: false },
      only: { type: "string", multiple: true },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(restoreHelp);
    return 0;
  }
  if (values.from === undefined) {
    process.stderr.write(restoreHelp);
    return 2;
  }
  const { nats, js, jsm, config } = await adminNats();
  try {
    const progress = startProgress({ label: `restore from ${values.from}`, unit: "entries" });
    const report = await restoreBackup({
      js,
      jsm,
      dir: values.from,
      force: values.force,
      ...(values.only === undefined ? {} : { only: values.only }),
      replicas: config.NATS_REPLICAS,
      onProgress: (written, total) => progress.update(written, total),
    });
    progress.finish(`done in ${(report.tookMs / 1000).toFixed(1)} s`);
    if (values.json) console.log(JSON.stringify(report));
    else
      console.log(
        `restored from ${values.from}: ${report.buckets.map((b) => `${b.bucket} ${b.written} written${b.skipped > 0 ? `, ${b.skipped} already so` : ""}`).join("; ")}`,
      );
    return 0;
  } finally {
    await nats.close();
  }
}
