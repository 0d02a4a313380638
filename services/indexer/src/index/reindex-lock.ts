import type { JetStreamClient } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import { isCasConflict, openBucket } from "@gazette/shared";

/** Another reindex of the same alias is running: two would each swap the alias, leaving it on both new indices. */
export class ReindexInProgress extends Error {
  constructor(alias: string, holder: string, since: string) {
    super(
      `a reindex of ${alias} is already running (${holder}, since ${since}); wait for it to finish, or, if it died, for its lock to lapse (${lapseMs / 1000} s without a heartbeat)`,
    );
    this.name = "ReindexInProgress";
  }
}

const heartbeatMs = 20_000;
/** A lock whose holder sent no heartbeat for this long is taken as abandoned (the holder died). */
const lapseMs = 90_000;

interface LockValue {
  holder: string;
  startedAt: string;
  heartbeatAt: number;
}

/**
 * One reindex per alias at a time, across machines: a compare-and-set entry in the `locks` KV
 * bucket, kept alive by a heartbeat, released at the end; an entry whose heartbeat lapsed (the
 * holder was killed) is taken over.
 */
export async function holdReindexLock(
  js: JetStreamClient,
  alias: string,
  holder: string,
  replicas = 1,
): Promise<{ release(): Promise<void> }> {
  const kv = await openBucket(js, "locks", { history: 1, replicas });
  const key = `reindex.${alias}`;
  const value = (): LockValue => ({ holder, startedAt, heartbeatAt: Date.now() });
  const startedAt = new Date().toISOString();
  let revision = await take(kv, key, alias, value);
  const timer = setInterval(() => {
    kv.update(key, JSON.stringify(value()), revision).then(
      (next) => {
        revision = next;
      },
      () => undefined,
    );
  }, heartbeatMs);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await kv.delete(key, { previousSeq: revision }).catch(() => undefined);
    },
  };
}

async function take(kv: KV, key: string, alias: string, value: () => LockValue): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await kv.get(key);
    try {
      if (current === null || current.operation !== "PUT") return await kv.create(key, JSON.stringify(value()));
      const held = current.json<LockValue>();
      if (Date.now() - held.heartbeatAt < lapseMs) throw new ReindexInProgress(alias, held.holder, held.startedAt);
      return await kv.update(key, JSON.stringify(value()), current.revision);
    } catch (error) {
      if (!isCasConflict(error)) throw error;
    }
  }
  throw new ReindexInProgress(alias, "another process", "just now");
}
