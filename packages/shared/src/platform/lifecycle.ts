import { once } from "node:events";
import type { Server } from "node:http";
import type { RequestListener } from "node:http";
import { createServer } from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";
import { GazetteError, toProblem, type ErrorCode } from "../contract/index.ts";
import { problemContentType } from "./http-problems.ts";

/** Starts an HTTP server for `handler` on `port` (0: any free port) at `host`, and resolves once listening. */
export async function listen(handler: RequestListener, port: number, host = "0.0.0.0"): Promise<Server> {
  const server = createServer(handler);
  server.keepAliveTimeout = 65_000;
  server.on("clientError", answerParserError);
  server.listen(port, host);
  await once(server, "listening");
  return server;
}

/** What Node's HTTP parser refuses before any route runs, as problem+json (not an empty 400). */
function parserProblem(error: NodeJS.ErrnoException): {
  status: number;
  reason: string;
  code: ErrorCode;
  detail: string;
} {
  if (error.code === "HPE_HEADER_OVERFLOW") {
    return {
      status: 431,
      reason: "Request Header Fields Too Large",
      code: "HEADERS_TOO_LARGE",
      detail:
        "The request line and headers are larger than this server accepts (16 KB in all): shorten the URL, e.g. the query.",
    };
  }
  if (
    error.code === "HPE_INVALID_URL" ||
    error.code === "HPE_INVALID_METHOD" ||
    error.code === "HPE_INVALID_HEADER_TOKEN" ||
    error.code === "HPE_INVALID_CONSTANT"
  ) {
    return {
      status: 400,
      reason: "Bad Request",
      code: "MALFORMED_REQUEST",
      detail:
        "The request is not valid HTTP/1.1. Non-ASCII characters in a URL must be percent-encoded (curl: -G --data-urlencode 'q=…').",
    };
  }
  return {
    status: 400,
    reason: "Bad Request",
    code: "MALFORMED_REQUEST",
    detail: `The request is not valid HTTP/1.1 (${error.code ?? "parse error"}).`,
  };
}

function answerParserError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, reason, code, detail } = parserProblem(error);
  const body = JSON.stringify(toProblem(new GazetteError(code, detail)));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${problemContentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The port a listening server got. */
export function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new TypeError("server is not listening on a TCP port");
  return address.port;
}

/** Stops accepting connections, ends idle keep-alive ones, and resolves when all requests are done. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeIdleConnections();
  await closed;
}

/**
 * On SIGINT or SIGTERM runs `shutdown` once (drain NATS, close servers), then exits; a second signal,
 * or a shutdown slower than `graceMs` (default 10 s), exits at once.
 */
export function exitOnSignals(logger: Logger, shutdown: () => Promise<void>, graceMs = 10_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      logger.error({ graceMs }, "shutdown took too long: exiting");
      process.exit(1);
    }, graceMs);
    timer.unref();
    shutdown().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "error during shutdown");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** A started service: where it listens and how to stop it (close the server, drain clients). */
export interface RunningService {
  server: Server;
  port: number;
  stop(): Promise<void>;
}
