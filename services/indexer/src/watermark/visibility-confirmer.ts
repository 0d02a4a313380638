import { indexRefreshIntervalMs, repeatEvery, type Logger, type OpenSearchClient } from "@gazette/shared";
import type { WriteWatermark } from "./write-watermark.ts";

/**
 * Makes this indexer's answered writes known searchable (ADR 0034): once every refresh interval, when a
 * write waits for it, refreshes the index behind the alias and, once the refresh has finished, tells
 * the watermark that every write answered before it began is searchable. A loaded node that refreshes
 * late, or an index being rebuilt that does not refresh by itself, then holds the watermark back
 * instead of letting it pass writes that search does not show. A failed refresh (OpenSearch away, the
 * index gone) confirms nothing; the next interval tries again.
 */
export class VisibilityConfirmer {
  readonly #client: OpenSearchClient;
  readonly #alias: string;
  readonly #watermark: WriteWatermark;
  readonly #logger: Logger;
  readonly #everyMs: number;
  #repeating: { stop(): Promise<void> } | undefined;
  #failing = false;

  constructor(options: {
    client: OpenSearchClient;
    alias: string;
    watermark: WriteWatermark;
    logger: Logger;
    everyMs?: number;
  }) {
    this.#client = options.client;
    this.#alias = options.alias;
    this.#watermark = options.watermark;
    this.#logger = options.logger;
    this.#everyMs = options.everyMs ?? indexRefreshIntervalMs;
  }

  start(): void {
    this.#repeating = repeatEvery(() => this.#confirm(), this.#everyMs);
  }

  async stop(): Promise<void> {
    await this.#repeating?.stop();
  }

  async #confirm(): Promise<void> {
    if (!this.#watermark.awaitingRefresh()) return;
    const answers = this.#watermark.answeredSoFar();
    try {
      await this.#client.indices.refresh({ index: this.#alias });
      this.#watermark.refreshed(answers);
      if (this.#failing) this.#logger.info("refresh for the watermark works again");
      this.#failing = false;
    } catch (error) {
      // OpenSearch away, the index gone, or a role without `indices:admin/refresh`: /v1/changes waits.
      if (!this.#failing) this.#logger.warn({ err: error }, "refresh for the watermark failed; /v1/changes waits");
      this.#failing = true;
    }
  }
}
