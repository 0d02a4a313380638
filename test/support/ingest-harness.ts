import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { createLogger, type RunningService, kvStreamName } from "@gazette/shared";
import { loadIngestConfig, startIngest } from "@gazette/ingest";
import { uniqueNames } from "./names.ts";
import { relayedEventCount } from "./relayed-events.ts";

export interface TestIngest {
  names: ReturnType<typeof uniqueNames>;
  base: string;
  /** A client of the same NATS server, for looking at the stream and the bucket. */
  nats: NatsConnection;
  /** A JSON request with a Bearer key (default `demo-key`); `body` undefined sends none. */
  call(method: string, path: string, body?: unknown, key?: string): Promise<Response>;
  /** How many events the test's stream holds once the event relay has published every write so far. */
  eventCount(): Promise<number>;
  stop(): Promise<void>;
}

/** Ingest on the shared test NATS server, with names of its own; `stop` deletes its stream and bucket. */
export async function startTestIngest(
  label: string,
  natsUrl: string,
  env: Record<string, string> = {},
): Promise<TestIngest> {
  const names = uniqueNames(label);
  const ingest: RunningService = await startIngest(
    loadIngestConfig({
      ...names,
      NATS_URL: natsUrl,
      INGEST_PORT: "0",
      LOG_LEVEL: "silent",
      OUTBOUND_ALLOW_PRIVATE: "true",
      PUBLISHERS_BUCKET: `publishers-${names.INGEST_RELEASES_BUCKET}`,
      ...env,
    }),
    createLogger("test", "silent"),
  );
  const nats = await connect({ servers: natsUrl });
  const base = `http://127.0.0.1:${ingest.port}`;
  return {
    names,
    base,
    nats,
    call(method, path, body, key = "demo-key") {
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      return fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    },
    eventCount() {
      return relayedEventCount(nats, names);
    },
    async stop() {
      await ingest.stop();
      const jsm = await jetstreamManager(nats);
      await jsm.streams.delete(names.NATS_STREAM).catch(() => undefined);
      await jsm.streams.delete(kvStreamName(names.INGEST_RELEASES_BUCKET)).catch(() => undefined);
      await jsm.streams.delete(kvStreamName(names.INGEST_UPSTREAMS_BUCKET)).catch(() => undefined);
      await jsm.streams.delete(kvStreamName(`publishers-${names.INGEST_RELEASES_BUCKET}`)).catch(() => undefined);
      await nats.close();
    },
  };
}
