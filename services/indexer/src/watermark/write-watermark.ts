/**
 * This indexer's watermark: an instant such that every document it stamped at or before it has been
 * written and is searchable. A write is open from its stamp until OpenSearch acknowledged it, then
 * for one refresh more (`visibleAfterMs`); the watermark is just below the oldest stamp still open,
 * or now when none is.
 */
export class WriteWatermark {
  readonly #open = new Map<number, { stamp: number; visibleAt?: number }>();
  readonly #visibleAfterMs: number;
  readonly #now: () => number;
  #next = 0;

  constructor(visibleAfterMs: number, now: () => number = Date.now) {
    this.#visibleAfterMs = visibleAfterMs;
    this.#now = now;
  }

  /** A write starts: its stamp (what its documents' `indexedAt` will say) and its handle. */
  begin(): { stamp: number; handle: number } {
    const handle = this.#next++;
    const stamp = this.#now();
    this.#open.set(handle, { stamp });
    return { stamp, handle };
  }

  /** The write is acknowledged (or failed: its events come again with a new stamp); searchable a refresh later. */
  end(handle: number): void {
    const write = this.#open.get(handle);
    if (write !== undefined) write.visibleAt = this.#now() + this.#visibleAfterMs;
  }

  /** Every document stamped at or before this (ms since the epoch) is written and searchable. */
  value(): number {
    const now = this.#now();
    let lowest = now;
    for (const [handle, write] of this.#open) {
      if (write.visibleAt !== undefined && write.visibleAt <= now) {
        this.#open.delete(handle);
        continue;
      }
      lowest = Math.min(lowest, write.stamp - 1);
    }
    return lowest;
  }
}
