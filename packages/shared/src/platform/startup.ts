/**
 * A service's start, as every `main.ts` runs it: load the config, start, and on failure say in one
 * line what went wrong and how to fix it (a port taken and by whom, NATS or OpenSearch not answering,
 * a bad setting or file), then exit 1. A newcomer reads the fix, not a stack trace.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { errors as openSearchErrors } from "@opensearch-project/opensearch";
import { ConnectionError as NatsConnectionError } from "@nats-io/transport-node";
import { ConfigError } from "./config.ts";
import { NatsCredentialsError, redactedServers } from "./nats.ts";
import { OpenSearchCredentialsError } from "./opensearch.ts";
import { exitOnSignals, type RunningService } from "./lifecycle.ts";
import { createLogger, type Logger } from "./logger.ts";

/** The command that starts the Debian `nats-server` as the development machines run it. */
export const natsStartCommand =
  "start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log";

/** What a start-up failure is explained against: the service's URLs and the variable of its port. */
export interface StartupSettings {
  NATS_URL?: string;
  OPENSEARCH_URL?: string;
  /** The environment variable that sets the port this service listens on, e.g. `INGEST_PORT`. */
  portVariable: string;
}

/** The process listening on a TCP port, as `ss` reports it (`node (pid 1234)`); undefined where unknown. */
export function listenerOf(port: number): string | undefined {
  const result = spawnSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8", timeout: 2000 });
  if (result.status !== 0) return undefined;
  const match = /users:\(\("([^"]+)",pid=(\d+)/.exec(result.stdout);
  if (match === null) return undefined;
  // The program's name from its command line: a thread may have renamed the process (`MainThread`).
  let program = match[1];
  try {
    const argv0 = readFileSync(`/proc/${match[2]}/cmdline`, "utf8").split("\0")[0];
    if (argv0 !== undefined && argv0 !== "") program = basename(argv0);
  } catch {
    // not Linux, or the process is gone: keep what ss said
  }
  return `${program} (pid ${match[2]})`;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** One line (or a few) that names the cause of a failed start and its fix. */
export function explainStartupError(
  error: unknown,
  settings: StartupSettings,
  findListener: (port: number) => string | undefined = listenerOf,
): string {
  if (
    error instanceof ConfigError ||
    error instanceof NatsCredentialsError ||
    error instanceof OpenSearchCredentialsError
  )
    return error.message;
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === "EADDRINUSE") {
    const port = (error as { port?: number }).port;
    const holder = port === undefined ? undefined : findListener(port);
    return `port ${port ?? "?"} is already in use${holder === undefined ? "" : ` by ${holder}`}: stop that process, or set ${settings.portVariable} to a free port.`;
  }
  if (code === "EACCES" && (error as { syscall?: string }).syscall === "listen") {
    return `not allowed to listen on port ${(error as { port?: number }).port ?? "?"}: choose a port above 1023 with ${settings.portVariable}.`;
  }
  if (error instanceof NatsConnectionError) {
    return `NATS at ${redactedServers(settings.NATS_URL ?? "?")} does not answer (${message}). Start it with:\n  ${natsStartCommand}\nor set NATS_URL to a running NATS server with JetStream.`;
  }
  // The client's class for it is not exported; its name is its type.
  if ((error as { name?: string } | null)?.name === "JetStreamNotEnabled") {
    return `NATS at ${redactedServers(settings.NATS_URL ?? "?")} answers but has no JetStream: start nats-server with -js (JetStream), as in:\n  ${natsStartCommand}`;
  }
  if (error instanceof openSearchErrors.ConnectionError) {
    return `OpenSearch at ${redactedServers(settings.OPENSEARCH_URL ?? "?")} does not answer (${message}). Start one with \`npm run opensearch:local\` (or \`npm start\`, which starts everything), or set OPENSEARCH_URL.`;
  }
  return message;
}

/**
 * Loads the config, creates the logger and starts the service; stops it cleanly on SIGINT/SIGTERM.
 * A failed start is logged (fatal, with the error) and explained on stderr, and the process exits 1.
 */
export async function runService<Config extends { LOG_LEVEL: string }>(
  service: string,
  loadConfig: (env: Record<string, string | undefined>) => Config,
  start: (config: Config, logger: Logger) => Promise<RunningService>,
  portVariable: string,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`${service}: ${explainStartupError(error, { portVariable })}\n`);
    process.exit(1);
  }
  const logger = createLogger(service, config.LOG_LEVEL as Parameters<typeof createLogger>[1]);
  try {
    const running = await start(config, logger);
    exitOnSignals(logger, running.stop);
  } catch (error) {
    const explanation = explainStartupError(error, { ...(config as Partial<StartupSettings>), portVariable });
    logger.fatal({ err: error }, `could not start: ${explanation}`);
    process.stderr.write(`${service} could not start: ${explanation}\n`);
    process.exit(1);
  }
}
