import type { ReleaseDocument } from "@gazette/shared";

/**
 * What a story pass wrote lately and search may not show yet (the latest version of each release),
 * found by band and by story: a pass asks for the few releases sharing its batch's bands instead of
 * going through everything remembered (that scan was the indexer's costliest line under R2).
 * Kept in the order written, so what is forgotten is always at the front.
 */
export class RecentWrites {
  readonly #lifetimeMs: number;
  readonly #entries = new Map<string, { view: ReleaseDocument; at: number }>();
  readonly #idsByBand = new Map<string, Set<string>>();
  readonly #idsByStory = new Map<string, Set<string>>();

  /** `lifetimeMs`: how long a write is remembered (Infinity: until `clear`). */
  constructor(lifetimeMs: number) {
    this.#lifetimeMs = lifetimeMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): ReleaseDocument | undefined {
    return this.#entries.get(id)?.view;
  }

  /** Remembers each document unless a newer version of it is remembered; forgets what is older than the lifetime. */
  remember(documents: readonly ReleaseDocument[], now = Date.now()): void {
    for (const document of documents) {
      const known = this.#entries.get(document.id);
      if (known !== undefined && known.view.version > document.version) continue;
      if (known !== undefined) this.#forget(known.view);
      this.#entries.set(document.id, { view: document, at: now });
      for (const band of document.storyBands ?? []) addTo(this.#idsByBand, band, document.id);
      if (document.storyId !== undefined) addTo(this.#idsByStory, document.storyId, document.id);
    }
    for (const entry of this.#entries.values()) {
      if (now - entry.at <= this.#lifetimeMs) break;
      this.#forget(entry.view);
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#idsByBand.clear();
    this.#idsByStory.clear();
  }

  /** The remembered releases with one of these ids, sharing one of these bands, or (`inStories`) in one of these stories. */
  find(query: { ids?: Iterable<string>; bands?: Iterable<string>; inStories?: Iterable<string> }): ReleaseDocument[] {
    const found = new Set<string>();
    for (const id of query.ids ?? []) if (this.#entries.has(id)) found.add(id);
    for (const band of query.bands ?? []) for (const id of this.#idsByBand.get(band) ?? []) found.add(id);
    for (const story of query.inStories ?? []) for (const id of this.#idsByStory.get(story) ?? []) found.add(id);
    return [...found].map((id) => this.#entries.get(id)!.view);
  }

  #forget(view: ReleaseDocument): void {
    this.#entries.delete(view.id);
    for (const band of view.storyBands ?? []) removeFrom(this.#idsByBand, band, view.id);
    if (view.storyId !== undefined) removeFrom(this.#idsByStory, view.storyId, view.id);
  }
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids === undefined) index.set(key, new Set([id]));
  else ids.add(id);
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const ids = index.get(key);
  if (ids === undefined) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(key);
}
