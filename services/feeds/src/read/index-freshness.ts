/** What IndexFreshness needs to know and to tell. */
export interface IndexFreshnessOptions {
  /** After an announced write, when a search is sure to see it (the index contract's indexVisibleAfterMs). */
  visibleAfterMs: number;
  /** When the earliest running embargo ends, if any (asked after every change). */
  nextEmbargoEnd: () => Promise<Date | undefined>;
  /** Feeds built before this instant (ms since the epoch) are out of date. */
  staleBefore: (instant: number) => void;
  /** What readers get has changed (WebSub delivers). Called once for a burst of writes. */
  changed: () => void;
  now?: () => number;
}

/** Node's timers hold at most ~24.8 days. */
const longestTimerMs = 2 ** 31 - 1;
/** An embargo's end is acted on this long after it, so that the query clock has passed it too. */
const embargoSlackMs = 50;

/**
 * When what readers see changes, and so cached feeds must go and subscribers hear of it: after the
 * indexer announces a write (once the write is searchable; a burst of writes makes one change), and
 * by itself when an embargo ends.
 */
export class IndexFreshness {
  readonly #options: Required<IndexFreshnessOptions>;
  #settling: NodeJS.Timeout | undefined;
  #embargoTimer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: IndexFreshnessOptions) {
    this.#options = { now: () => Date.now(), ...options };
  }

  /** Starts watching for the next embargo end. */
  start(): void {
    void this.#watchNextEmbargo();
  }

  /** The indexer wrote something: feeds built before it is visible are stale; readers see it after that. */
  indexWritten(): void {
    if (this.#stopped) return;
    const { visibleAfterMs, staleBefore } = this.#options;
    staleBefore(this.#options.now() + visibleAfterMs);
    clearTimeout(this.#settling);
    this.#settling = setTimeout(() => {
      this.#options.changed();
      void this.#watchNextEmbargo();
    }, visibleAfterMs);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#settling);
    clearTimeout(this.#embargoTimer);
  }

  async #watchNextEmbargo(): Promise<void> {
    const next = await this.#options.nextEmbargoEnd().catch(() => undefined);
    clearTimeout(this.#embargoTimer);
    if (next === undefined || this.#stopped) return;
    const delay = Math.min(Math.max(0, next.getTime() - this.#options.now()) + embargoSlackMs, longestTimerMs);
    this.#embargoTimer = setTimeout(() => {
      this.#options.staleBefore(this.#options.now());
      this.#options.changed();
      void this.#watchNextEmbargo();
    }, delay);
  }
}
