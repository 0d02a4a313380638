/** A rendered feed, ready to send: deterministic bytes and their validators. */
export interface RenderedFeed {
  /** UTF-8 bytes, encoded once (a feed is sent many times). */
  body: Buffer;
  etag: string;
  lastModified?: Date;
  /** The HTTP `Link` header: the WebSub hub and the feed's own URL (W3C WebSub §4). */
  link?: string;
}

interface Entry {
  feed: RenderedFeed;
  /** When the query the feed was built from started. */
  builtAt: number;
}

export interface FeedCacheOptions {
  /** The longest an entry is used, even without news from the indexer. */
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * Feeds by normalised query. The indexer announces every bulk write it made; each announcement makes
 * every entry built before the write became searchable (`settleUntil`) invalid, so a new, changed or
 * withdrawn release is in every feed as soon as a search would find it. A feed only ever holds what
 * a query returned (embargo and withdrawal are query filters), so a cached feed never shows more than
 * a fresh one would.
 */
export class FeedCache {
  readonly #entries = new Map<string, Entry>();
  readonly #options: Required<FeedCacheOptions>;
  #invalidBefore = 0;

  constructor(options: FeedCacheOptions) {
    this.#options = { now: () => Date.now(), ...options };
  }

  /** The time to pass to `set` for a feed whose query starts now. */
  startBuilding(): number {
    return this.#options.now();
  }

  get(key: string): RenderedFeed | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.builtAt < this.#invalidBefore || entry.builtAt + this.#options.ttlMs <= this.#options.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.feed;
  }

  set(key: string, feed: RenderedFeed, builtAt: number): void {
    if (builtAt < this.#invalidBefore) return;
    this.#entries.delete(key);
    this.#entries.set(key, { feed, builtAt });
    if (this.#entries.size > this.#options.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** Entries built before `settleUntil` (when what was just written will be searchable) are out of date. */
  invalidate(settleUntil: number): void {
    this.#invalidBefore = Math.max(this.#invalidBefore, settleUntil);
  }

  get size(): number {
    return this.#entries.size;
  }
}
