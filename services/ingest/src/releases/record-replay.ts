/**
 * The operation ingest offers for an index lost with everything in it (ADR 0022): on a request on
 * `<prefix>_replay`, ingest publishes the current event of every release in its record of truth again
 * (signed, as every event, with a message id of this replay's own so the stream does not drop them as
 * repeats), then answers how many. The indexer, which never reads ingest's storage, asks for it when
 * it has to rebuild the index; external versions make every event it already holds a no-op. One ingest
 * process answers each request (a queue group).
 */
import { randomUUID } from "node:crypto";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { bucketEntries, type Logger, type ReleaseEventNames, releaseReplaySubject } from "@gazette/shared";
import { releaseEventFor, type ReleaseEventPublisher } from "./release-events.ts";
import { recordOfWrite } from "./release-event-relay.ts";

/** Events published at once during a replay. */
const inFlight = 64;

/** Publishes every release's current event again; resolves with how many. */
export async function replayRecords(
  js: JetStreamClient,
  bucket: string,
  events: ReleaseEventPublisher,
  replay: string,
  onProgress: (published: number) => void = () => {},
): Promise<number> {
  const pending = new Set<Promise<void>>();
  let published = 0;
  for await (const entry of bucketEntries(js, bucket)) {
    // What is not a record (a deletion, a stray write) is left out, as the relay leaves it out.
    const record = recordOfWrite(entry.operation, entry.value);
    if (record === undefined) continue;
    if (pending.size >= inFlight) await Promise.race(pending);
    const publish = events.publish(releaseEventFor(record), { replay }).then(() => {
      onProgress(++published);
    });
    const tracked = publish.finally(() => pending.delete(tracked));
    pending.add(tracked);
  }
  await Promise.all(pending);
  return published;
}

/** Answers replay requests until stopped. */
export function answerReplays(options: {
  nats: NatsConnection;
  js: JetStreamClient;
  names: ReleaseEventNames;
  bucket: string;
  events: ReleaseEventPublisher;
  logger: Logger;
}): { stop(): void } {
  const { nats, js, names, bucket, events, logger } = options;
  const subscription: Subscription = nats.subscribe(releaseReplaySubject(names), {
    queue: "ingest-replay",
    callback: (error, message) => {
      if (error !== null) return;
      const replay = randomUUID();
      const started = Date.now();
      logger.warn(
        { replay },
        "replay of the record of truth asked for (the index is being rebuilt): publishing every release's event",
      );
      let lastLog = started;
      void replayRecords(js, bucket, events, replay, (published) => {
        if (Date.now() - lastLog < 5000) return;
        lastLog = Date.now();
        logger.info({ replay, published }, "replay of the record of truth: progress");
      }).then(
        (releases) => {
          logger.warn(
            { replay, releases, seconds: (Date.now() - started) / 1000 },
            "replay of the record of truth: done",
          );
          message.respond(JSON.stringify({ releases }));
        },
        (failure: unknown) => {
          logger.error({ err: failure, replay }, "replay of the record of truth failed");
          message.respond(JSON.stringify({ error: (failure as Error).message }));
        },
      );
    },
  });
  return { stop: () => subscription.unsubscribe() };
}
