import { setTimeout as sleep } from "node:timers/promises";

const timedOut = Symbol("timedOut");

/**
 * Groups what `source` yields into batches: a batch is handed on when it holds `maxSize` items,
 * `maxWaitMs` after its first item arrived, or as soon as the source has been quiet for `idleMs`
 * (so a lone event is not held back for the full wait), whichever comes first. Nothing is dropped or
 * reordered.
 */
export async function* batches<T>(
  source: AsyncIterable<T>,
  maxSize: number,
  maxWaitMs: number,
  idleMs = maxWaitMs,
): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let pending = iterator.next();
  for (;;) {
    const first = await pending;
    if (first.done === true) return;
    const batch = [first.value];
    pending = iterator.next();
    const deadline = Date.now() + maxWaitMs;
    let sourceDone = false;
    while (batch.length < maxSize) {
      const remaining = Math.min(deadline - Date.now(), idleMs);
      if (remaining <= 0) break;
      const abort = new AbortController();
      const next: IteratorResult<T> | typeof timedOut = await Promise.race([
        pending,
        sleep(remaining, timedOut, { signal: abort.signal }).catch((): typeof timedOut => timedOut),
      ]);
      abort.abort();
      if (next === timedOut) break;
      if (next.done === true) {
        sourceDone = true;
        break;
      }
      batch.push(next.value);
      pending = iterator.next();
    }
    yield batch;
    if (sourceDone) return;
  }
}
