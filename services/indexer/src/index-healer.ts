import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { Logger, OpenSearchClient } from "@gazette/shared";
import { aliasOf, ensureReleaseIndex } from "./index-setup.ts";
import type { IndexTopology } from "./index-template.ts";
import { streamDocuments, writeAllDocuments } from "./reindex.ts";
import type { EventTrust } from "./release-handler.ts";

/** How often the indexer looks whether its alias is still there (an idle indexer writes nothing that would tell it). */
export const indexCheckIntervalMs = 5000;

export interface IndexHealerOptions {
  opensearch: OpenSearchClient;
  alias: string;
  topology: IndexTopology;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The release event stream (it keeps every event, no limits, so a replay rebuilds every release) and its signers' keys. */
  trust: EventTrust;
  logger: Logger;
}

/**
 * The index lost behind the alias (a rebuilt, empty cluster; a deletion by hand): the indexer makes an
 * empty index at once, so writes go on and search answers (partially), then rebuilds it by itself
 * from the release stream, which holds every change of every release; external versions make every
 * event already written, or written meanwhile, a no-op. One rebuild at a time; the loss is noticed by
 * a write that finds no index, or by a look every `indexCheckIntervalMs` when nothing is written.
 */
export class IndexHealer {
  readonly #options: IndexHealerOptions;
  #healing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: IndexHealerOptions) {
    this.#options = options;
  }

  start(intervalMs = indexCheckIntervalMs): void {
    const look = () => {
      void this.#aliasExists().then((exists) => {
        if (!exists) void this.heal();
        if (this.#timer !== undefined) this.#timer = setTimeout(look, intervalMs);
      });
    };
    this.#timer = setTimeout(look, intervalMs);
  }

  /** Stops looking and waits for a rebuild under way. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#healing;
  }

  /** Makes the index again and rebuilds it from the stream; resolves when done (or failed: a later look retries). */
  heal(): Promise<void> {
    this.#healing ??= this.#rebuild().finally(() => {
      this.#healing = undefined;
    });
    return this.#healing;
  }

  async #aliasExists(): Promise<boolean> {
    try {
      const { alias } = this.#options;
      return (await this.#options.opensearch.indices.existsAlias(aliasOf(alias))).body === true;
    } catch {
      return true; // OpenSearch away is not an index lost: readiness says so, writes wait
    }
  }

  async #rebuild(): Promise<void> {
    const { opensearch, alias, topology, js, jsm, trust, logger } = this.#options;
    const stream = trust.names.stream;
    try {
      await ensureReleaseIndex(opensearch, alias, { topology });
      const lastSeq = (await jsm.streams.info(stream)).state.last_seq;
      logger.error(
        { alias, events: lastSeq },
        "the index was missing: made an empty one; rebuilding it from the release stream",
      );
      const started = Date.now();
      const written = await writeAllDocuments(
        opensearch,
        alias,
        streamDocuments(js, trust, 1, lastSeq, (seq, reason) =>
          logger.error({ seq, reason }, "rebuild: a release event refused (not indexed)"),
        ),
        (count) => {
          if (count % 10_000 < 500) logger.info({ alias, written: count, of: lastSeq }, "rebuilding the index");
        },
        { requireAlias: true },
      );
      logger.warn(
        { alias, written, seconds: (Date.now() - started) / 1000 },
        "the index is rebuilt from the release stream",
      );
    } catch (error) {
      logger.warn({ err: error, alias }, "the index is missing and could not be rebuilt yet; trying again soon");
    }
  }
}
