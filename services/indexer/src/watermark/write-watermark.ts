/**
 * This indexer's watermark: an instant such that every document it stamped at or before it has been
 * written and is searchable. A write is open from its stamp until OpenSearch answered it and a
 * refresh that began after the answer has finished (`refreshed`, ADR 0034): searchable is then a
 * fact, not an estimate of when the node refreshes. A write that failed is answered too (a request
 * that timed out may have been written all the same; its events come again with a new stamp). The
 * watermark is just below the oldest stamp still open, or now when none is.
 */
export class WriteWatermark {
  /** Open writes by handle: their stamp, and the answer's place in the order of answers once answered. */
  readonly #open = new Map<number, { stamp: number; answer?: number }>();
  readonly #now: () => number;
  #next = 0;
  #answers = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A write starts: its stamp (what its documents' `indexedAt` will say) and its handle. */
  begin(): { stamp: number; handle: number } {
    const handle = this.#next++;
    const stamp = this.#now();
    this.#open.set(handle, { stamp });
    return { stamp, handle };
  }

  /** The write was answered (or failed): its documents are searchable after the next refresh begun from now. */
  end(handle: number): void {
    const write = this.#open.get(handle);
    if (write !== undefined) write.answer = ++this.#answers;
  }

  /** Where answers stand: pass it to `refreshed` once a refresh begun after this call has finished. */
  answeredSoFar(): number {
    return this.#answers;
  }

  /** Whether an answered write waits for a refresh to be known searchable. */
  awaitingRefresh(): boolean {
    for (const write of this.#open.values()) if (write.answer !== undefined) return true;
    return false;
  }

  /** A refresh begun after `answeredSoFar()` returned `answers` has finished: those writes are searchable. */
  refreshed(answers: number): void {
    for (const [handle, write] of this.#open)
      if (write.answer !== undefined && write.answer <= answers) this.#open.delete(handle);
  }

  /** Every document stamped at or before this (ms since the epoch) is written and searchable. */
  value(): number {
    let lowest = this.#now();
    for (const write of this.#open.values()) lowest = Math.min(lowest, write.stamp - 1);
    return lowest;
  }
}
