import { setTimeout as sleep } from "node:timers/promises";
import type { NatsConnection } from "nats";
import { eventRelayDurable } from "../../services/ingest/src/release-event-relay.ts";

/**
 * How many events the stream holds once ingest's event relay has published every write of the
 * bucket so far (ingest answers when the record is stored; its event follows).
 */
export async function relayedEventCount(
  nats: NatsConnection,
  names: { INGEST_RELEASES_BUCKET: string; NATS_STREAM: string },
  timeoutMs = 15_000,
): Promise<number> {
  const jsm = await nats.jetstreamManager();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const relay = await jsm.consumers.info(`KV_${names.INGEST_RELEASES_BUCKET}`, eventRelayDurable);
    if (relay.num_pending + relay.num_ack_pending === 0) break;
    if (Date.now() > deadline)
      throw new Error(
        `ingest's event relay still has ${relay.num_pending + relay.num_ack_pending} writes to publish after ${timeoutMs} ms: is ingest running?`,
      );
    await sleep(25);
  }
  return (await jsm.streams.info(names.NATS_STREAM)).state.messages;
}
