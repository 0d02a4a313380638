import { setTimeout as sleep } from "node:timers/promises";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { repeatEvery, type Logger, type OpenSearchClient } from "@gazette/shared";
import { aliasOf, ensureReleaseIndex } from "./index-setup.ts";
import type { IndexTopology } from "./index-template.ts";
import { streamDocuments, writeAllDocuments } from "./reindex.ts";
import type { EventTrust } from "../consume/index.ts";

/** How often the indexer looks whether its alias is still there (an idle indexer writes nothing that would tell it). */
export const indexCheckIntervalMs = 5000;

export interface IndexHealerOptions {
  opensearch: OpenSearchClient;
  alias: string;
  topology: IndexTopology;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The release event stream and its signers' keys (the fallback rebuild replays the stream). */
  trust: EventTrust;
  /**
   * Asks ingest to publish every release's event again from the record of truth; resolves with how many
   * once it has, or undefined when no ingest answers (then the stream is replayed instead).
   */
  askReplay?: () => Promise<number | undefined>;
  /** Events the indexer's consumer still has to index (pending and unacknowledged). */
  pending?: () => Promise<number>;
  logger: Logger;
  /** Told when a rebuild starts (true) and ends (false), for metrics and for feeds' "rebuilding". */
  onRebuilding?: (rebuilding: boolean) => void;
}

/**
 * The index lost behind the alias (a rebuilt, empty cluster, a lost volume, a deletion by hand): the
 * indexer makes an empty index at once, so writes go on and search answers, says it is rebuilding
 * (feeds answer search with 503 meanwhile), then rebuilds it by itself with no operator: it asks ingest
 * to publish every release's current event again from the record of truth (ADR 0022), which its
 * consumer indexes as it indexes every event (signatures checked, external versions: what is already
 * there, or newer, is a no-op), and it is done once ingest has published them all and the consumer
 * has nothing left. Where no ingest answers, it replays the release stream. One rebuild at a time; the
 * loss is noticed by a write that finds no index, or by a look every `indexCheckIntervalMs`.
 */
export class IndexHealer {
  readonly #options: IndexHealerOptions;
  #healing: Promise<void> | undefined;
  #looking: { stop(): Promise<void> } | undefined;

  constructor(options: IndexHealerOptions) {
    this.#options = options;
  }

  /** Whether a rebuild is under way. */
  get rebuilding(): boolean {
    return this.#healing !== undefined;
  }

  start(intervalMs = indexCheckIntervalMs): void {
    this.#looking = repeatEvery(async () => {
      if (!(await this.#aliasExists())) void this.heal();
    }, intervalMs);
  }

  /** Stops looking and waits for a rebuild under way. */
  async stop(): Promise<void> {
    await this.#looking?.stop();
    await this.#healing;
  }

  /** Makes the index again and rebuilds it; resolves when done (or failed: a later look retries). */
  heal(): Promise<void> {
    this.#healing ??= this.#rebuild().finally(() => {
      this.#healing = undefined;
      this.#options.onRebuilding?.(false);
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
    const { opensearch, alias, topology, logger } = this.#options;
    try {
      await ensureReleaseIndex(opensearch, alias, { topology });
      this.#options.onRebuilding?.(true);
      const started = Date.now();
      logger.error({ alias }, "the index was missing: made an empty one; rebuilding it from the record of truth");
      const replayed = await this.#options.askReplay?.();
      if (replayed === undefined) {
        const written = await this.#replayStream();
        logger.warn(
          { alias, written, seconds: (Date.now() - started) / 1000 },
          "the index is rebuilt from the release stream",
        );
        return;
      }
      await this.#waitIndexed(replayed);
      logger.warn(
        { alias, releases: replayed, seconds: (Date.now() - started) / 1000 },
        "the index is rebuilt from the record of truth",
      );
    } catch (error) {
      logger.warn({ err: error, alias }, "the index is missing and could not be rebuilt yet; trying again soon");
    }
  }

  /** Until the consumer has indexed every event ingest replayed (and any that came meanwhile). */
  async #waitIndexed(replayed: number): Promise<void> {
    const { pending, logger, alias } = this.#options;
    if (pending === undefined) return;
    let lastLog = Date.now();
    for (;;) {
      const left = await pending();
      if (left === 0) return;
      if (Date.now() - lastLog >= 10_000) {
        lastLog = Date.now();
        logger.info({ alias, releases: replayed, left }, "rebuilding the index");
      }
      await sleep(250);
    }
  }

  /** No ingest answered: the release stream replayed into the new index (complete while the stream keeps every event). */
  async #replayStream(): Promise<number> {
    const { opensearch, alias, js, jsm, trust, logger } = this.#options;
    const lastSeq = (await jsm.streams.info(trust.names.stream)).state.last_seq;
    return writeAllDocuments(
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
  }
}
