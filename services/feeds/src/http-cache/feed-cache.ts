/** A rendered feed, ready to send: deterministic bytes and their validators. */
export interface RenderedFeed {
  /** UTF-8 bytes, encoded once (a feed is sent many times). */
  body: Buffer;
  etag: string;
  /**
   * The same bytes compressed, each with its own strong ETag (RFC 9110 §8.8.3): compressed when a
   * request first asks for it (reading `body`), then kept; `bytesHeld` is 0 until then.
   */
  encoded: Readonly<
    Record<"br" | "gzip", { readonly body: Buffer; readonly etag: string; readonly bytesHeld: number }>
  >;
  /** Told of the bytes a representation adds when it is made (the cache holding the feed counts them). */
  growth: { listener?: (bytes: number) => void };
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

/** What a feed holds in memory: its bytes in every representation made so far. */
export function feedBytes(feed: RenderedFeed): number {
  return feed.body.length + feed.encoded.br.bytesHeld + feed.encoded.gzip.bytesHeld;
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
    // A representation compressed later (when a request first asks for it) counts from then on.
    feed.growth.listener = (added) => {
      if (this.#entries.get(key)?.feed !== feed) return;
      this.#bytes += added;
      this.#evictBeyondBounds();
    };
    this.#evictBeyondBounds();
  }

  /** The least recently used go first. */
  #evictBeyondBounds(): void {
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
