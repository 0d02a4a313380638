import type { NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { eventRelayDurable } from "@gazette/ingest";
import { eventually } from "./eventually.ts";
import { kvStreamName } from "@gazette/shared";

/**
 * How many events the stream holds once ingest's event relay has published every write of the
 * bucket so far (ingest answers when the record is stored; its event follows).
 */
export async function relayedEventCount(
  nats: NatsConnection,
  names: { INGEST_RELEASES_BUCKET: string; NATS_STREAM: string },
  timeoutMs = 15_000,
): Promise<number> {
  const jsm = await jetstreamManager(nats);
  await eventually(
    async () => {
      const relay = await jsm.consumers.info(kvStreamName(names.INGEST_RELEASES_BUCKET), eventRelayDurable);
      const left = relay.num_pending + relay.num_ack_pending;
      if (left > 0) throw new Error(`ingest's event relay still has ${left} writes to publish: is ingest running?`);
    },
    { timeoutMs, intervalMs: 25 },
  );
  return (await jsm.streams.info(names.NATS_STREAM)).state.messages;
}
