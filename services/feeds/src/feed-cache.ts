/** A rendered feed, ready to send: deterministic bytes and their validators. */
export interface RenderedFeed {
  /** UTF-8 bytes, encoded once (a feed is sent many times). */
  body: Buffer;
  etag: string;
  /** The same bytes compressed once, when the feed was built, each with its own strong ETag (RFC 9110 §8.8.3). */
  encoded: Readonly<Record<"br" | "gzip", { body: Buffer; etag: string }>>;
  /** Last-Modified as HTTP sends it (formatted once, when the feed is built). */
  lastModified?: string;
  /** The HTTP `Link` header: the WebSub hub and the feed's own URL (W3C WebSub §4). */
  link?: string;
  /** The publishers whose releases it holds (their delivery reports count its polls and deliveries). */
  publishers?: readonly string[];
}

interface Entry {
  feed: RenderedFeed;
  /** When the query the feed was built from started. */
  builtAt: number;
}

/** What a feed holds in memory: its bytes in every representation. */
export function feedBytes(feed: RenderedFeed): number {
  return feed.body.length + feed.encoded.br.body.length + feed.encoded.gzip.body.length;
}

export interface FeedCacheOptions {
  /** The longest an entry is used, even without news from the indexer. */
  ttlMs: number;
  maxEntries: number;
  /** The most bytes all entries may hold (every representation counted); the least recently used go first. */
  maxBytes: number;
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
  #bytes = 0;

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
      this.#remove(key);
      return undefined;
    }
    // Most recently used last: eviction takes from the front.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.feed;
  }

  set(key: string, feed: RenderedFeed, builtAt: number): void {
    if (builtAt < this.#invalidBefore) return;
    const bytes = feedBytes(feed);
    if (bytes > this.#options.maxBytes) return;
    this.#remove(key);
    this.#entries.set(key, { feed, builtAt });
    this.#bytes += bytes;
    while (this.#entries.size > this.#options.maxEntries || this.#bytes > this.#options.maxBytes)
      this.#remove(this.#entries.keys().next().value!);
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= feedBytes(entry.feed);
  }

  /** The bytes all entries hold now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Entries built before `settleUntil` (when what was just written will be searchable) are out of date. */
  invalidate(settleUntil: number): void {
    this.#invalidBefore = Math.max(this.#invalidBefore, settleUntil);
  }

  get size(): number {
    return this.#entries.size;
  }
}
