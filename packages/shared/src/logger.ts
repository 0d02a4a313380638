import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger } from "pino";

/** pino JSON logger for a service; secrets never reach it (Authorization and cookies are redacted). */
export function createLogger(service: string, level: LevelWithSilent = "info"): Logger {
  return pino({
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", "headers.authorization"],
      censor: "[redacted]",
    },
  });
}
