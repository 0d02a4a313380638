import { setTimeout as sleep } from "node:timers/promises";
import type { JetStreamManager } from "@nats-io/jetstream";

/**
 * Resolves once a durable consumer has been delivered `total` messages and holds none pending or
 * unacknowledged. Not "everything is written": a message naked with a delay counts as neither, so
 * callers that need the writes done also look at where they go (R2 and the scaling run count the index).
 */
export async function waitConsumerDrained(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  total: number,
): Promise<void> {
  for (;;) {
    const info = await jsm.consumers.info(stream, durable).catch(() => undefined);
    if (
      info !== undefined &&
      info.num_pending === 0 &&
      info.num_ack_pending === 0 &&
      info.delivered.stream_seq >= total
    )
      return;
    await sleep(50);
  }
}
