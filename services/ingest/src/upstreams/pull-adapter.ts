/**
 * The pull adapter at the scale of a region: every configured upstream on the scheduler, its first
 * poll where the shared poll state says (after a restart) or spread over its interval by its URL (the
 * first time), hosts that asked us to wait kept waiting, and every poll through the poller.
 */
import type { Logger } from "@gazette/shared";
import type { UpstreamFeed } from "./feeds-file.ts";
import { effectiveIntervalSeconds, firstPollDelayMs, type PollTimingSettings } from "./poll-timing.ts";
import type { UpstreamPoller } from "./poller.ts";
import { hostOf, PollScheduler, type PollDone, type SchedulerStats } from "./scheduler.ts";
import type { HostBackoff, UpstreamState } from "./state.ts";

export interface PullAdapterOptions {
  feeds: readonly UpstreamFeed[];
  poller: UpstreamPoller;
  /** Polls in flight at most, all hosts together (INGEST_UPSTREAM_CONCURRENCY). */
  concurrency: number;
  /** Polls in flight at most on one host (INGEST_UPSTREAM_PER_HOST). */
  perHost: number;
  logger: Logger;
}

/** Where an upstream's first poll of this process goes, and whether it is planned anew (nothing stored yet). */
export interface FirstPoll {
  feed: UpstreamFeed;
  at: number;
  planned: boolean;
}

/** Each upstream's first poll of a process that starts at `now`, from what the shared state holds. */
export function firstPolls(
  feeds: readonly UpstreamFeed[],
  states: ReadonlyMap<string, UpstreamState>,
  now: number,
  timing: PollTimingSettings,
): FirstPoll[] {
  return feeds.map((feed) => {
    const state = states.get(feed.url);
    const nextPollAt = state?.nextPollAt === undefined ? Number.NaN : Date.parse(state.nextPollAt);
    const leasedUntil = state?.lease === undefined ? Number.NaN : Date.parse(state.lease.until);
    if (!Number.isNaN(leasedUntil) && leasedUntil > now) return { feed, at: leasedUntil, planned: false };
    if (!Number.isNaN(nextPollAt)) return { feed, at: Math.max(now, nextPollAt), planned: false };
    const interval = effectiveIntervalSeconds(feed.intervalSeconds, timing);
    return { feed, at: now + firstPollDelayMs(feed.url, interval), planned: true };
  });
}

/** Plans are written this many at a time (a first start with 5,000 upstreams writes 5,000). */
const planBatch = 100;

export class PullAdapter {
  readonly #options: PullAdapterOptions;
  readonly #scheduler: PollScheduler<UpstreamFeed>;
  #stopped = false;

  constructor(options: PullAdapterOptions) {
    this.#options = options;
    this.#scheduler = new PollScheduler<UpstreamFeed>({
      concurrency: options.concurrency,
      perHost: options.perHost,
      retryMs: options.poller.timing.minIntervalSeconds * 1000,
      poll: (feed, slot) => this.#poll(feed, slot),
    });
  }

  /** Reads the shared state in bulk, then puts every upstream on the scheduler; resolves once all are. */
  async start(): Promise<void> {
    const { feeds, poller, logger } = this.#options;
    const started = Date.now();
    const snapshot = await poller.store.snapshot().catch((error: unknown) => {
      logger.warn({ err: error }, "upstream poll state not read: every first poll is spread over its interval");
      return { states: [], hosts: [] as HostBackoff[] };
    });
    if (this.#stopped) return;
    for (const backoff of snapshot.hosts) this.#scheduler.backOffHost(backoff.host, Date.parse(backoff.until));
    const plan = firstPolls(
      feeds,
      new Map(snapshot.states.map((state) => [state.url, state])),
      Date.now(),
      poller.timing,
    );
    for (const { feed, at } of plan) this.#scheduler.schedule(feed, at);
    const hosts = new Set(feeds.map((feed) => hostOf(feed.url))).size;
    const planned = plan.filter((first) => first.planned);
    logger.info(
      { upstreams: feeds.length, hosts, known: feeds.length - planned.length, ms: Date.now() - started },
      "pull adapter: every upstream scheduled",
    );
    // The planned first polls are written where every process (and the report) sees them.
    for (let index = 0; index < planned.length && !this.#stopped; index += planBatch) {
      await Promise.all(
        planned
          .slice(index, index + planBatch)
          .map(({ feed, at }) => poller.store.plan(feed, at, "first-poll").catch(() => undefined)),
      );
    }
  }

  async #poll(feed: UpstreamFeed, slot: Parameters<UpstreamPoller["pollOnce"]>[1]): Promise<PollDone> {
    const report = await this.#options.poller.pollOnce(feed, slot);
    const nextPollAt = report.nextPoll?.at ?? Date.now() + this.#options.poller.timing.minIntervalSeconds * 1000;
    if (report.hostBackoffUntil === undefined) return { nextPollAt };
    const host = hostOf(feed.url);
    const until = new Date(report.hostBackoffUntil).toISOString();
    this.#options.logger.warn(
      { host, until, upstream: feed.url },
      "upstream host asked us to wait: none of its feeds is polled before then",
    );
    await this.#options.poller.store
      .backOffHost({ host, until, reason: `${feed.url}: ${report.error ?? "asked to wait"}` })
      .catch((error: unknown) => this.#options.logger.warn({ err: error, host }, "host back-off not recorded"));
    return { nextPollAt, hostBackoffUntil: report.hostBackoffUntil };
  }

  stats(): SchedulerStats {
    return this.#scheduler.stats();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#scheduler.stop();
    await this.#options.poller.stop();
  }
}
