import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";

export type { Logger } from "pino";

/** pino JSON logger for a service; secrets never reach it (Authorization and cookies are redacted). */
export function createLogger(
  service: string,
  level: LevelWithSilent = "info",
  /** Where lines go. Default: standard output. */
  destination?: DestinationStream,
): Logger {
  const options = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        "headers.authorization",
        // The OpenSearch client's errors carry the request, its headers and the connection (with its sign-in).
        "err.meta.meta.request.params.headers.authorization",
        "err.meta.meta.connection.headers.authorization",
        "err.meta.meta.connection.auth",
      ],
      censor: "[redacted]",
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
