/**
 * When each upstream is polled, and how many at once. Each upstream waits on a timer of its own until
 * it is due, then joins its host's queue; polls start from the queues, round robin between hosts,
 * while fewer than `concurrency` run in all and fewer than `perHost` on that host, and never on a
 * host that asked us to wait (429/503 with Retry-After). A poll's time budget is its own business and
 * starts when the scheduler starts it, not while it queues. Nothing here grows with the number of
 * upstreams but one small entry (and one timer) each.
 */

/** What a running poll is given: a way to free its host for the next poll once its request is over. */
export interface PollSlot {
  /** The request to the host is over (the body is read): the host may take its next poll. Idempotent. */
  releaseHost(): void;
}

/** What a poll tells the scheduler when it is over. */
export interface PollDone {
  /** When to poll this upstream next (epoch ms). */
  nextPollAt: number;
  /** The host asked every client to wait until then (epoch ms). */
  hostBackoffUntil?: number;
}

export interface SchedulerOptions<Feed extends { url: string }> {
  /** Polls in flight at most, all hosts together (INGEST_UPSTREAM_CONCURRENCY). */
  concurrency: number;
  /** Polls in flight at most on one host (INGEST_UPSTREAM_PER_HOST). */
  perHost: number;
  /** Runs one poll; never rejects (a rejection is taken as "poll again after `retryMs`"). */
  poll: (feed: Feed, slot: PollSlot) => Promise<PollDone>;
  /** When a poll rejected, poll again this much later. */
  retryMs: number;
  now?: () => number;
}

export interface SchedulerStats {
  /** Polls running now. */
  inFlight: number;
  /** Upstreams due and waiting for a slot (their host's or a global one). */
  queued: number;
  /** Polls running now, by host. */
  inFlightByHost: Map<string, number>;
  /** Hosts that asked us to wait, and until when (epoch ms). */
  hostsBackedOff: Map<string, number>;
}

interface Entry<Feed> {
  feed: Feed;
  host: string;
  dueAt: number;
  timer?: NodeJS.Timeout;
  state: "waiting" | "queued" | "running";
}

/** Node's timers take at most ~24.8 days; a longer wait is taken in steps. */
const longestTimerMs = 2 ** 31 - 1;

/** An upstream's host, the unit of politeness: `www.gov.kz` for every ministry it serves. */
export const hostOf = (url: string): string => new URL(url).hostname.toLowerCase();

export class PollScheduler<Feed extends { url: string }> {
  readonly #options: SchedulerOptions<Feed>;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry<Feed>>();
  /** Due upstreams by host, oldest first. */
  readonly #queues = new Map<string, Entry<Feed>[]>();
  /** Hosts with a non-empty queue, in round-robin order. */
  #hostTurns: string[] = [];
  readonly #inFlightByHost = new Map<string, number>();
  readonly #backedOff = new Map<string, { until: number; timer: NodeJS.Timeout }>();
  readonly #running = new Set<Promise<void>>();
  #inFlight = 0;
  #queued = 0;
  #stopped = false;

  constructor(options: SchedulerOptions<Feed>) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Polls `feed` at `dueAt` (epoch ms); an upstream already scheduled is moved there (unless it is running). */
  schedule(feed: Feed, dueAt: number): void {
    if (this.#stopped) return;
    let entry = this.#entries.get(feed.url);
    if (entry === undefined) {
      entry = { feed, host: hostOf(feed.url), dueAt, state: "waiting" };
      this.#entries.set(feed.url, entry);
    }
    if (entry.state !== "waiting") return;
    entry.dueAt = dueAt;
    this.#arm(entry);
  }

  /** The host asked every client to wait until `until` (epoch ms): none of its upstreams is polled before. */
  backOffHost(host: string, until: number): void {
    const current = this.#backedOff.get(host);
    if (this.#stopped || until <= this.#now() || (current !== undefined && current.until >= until)) return;
    clearTimeout(current?.timer);
    const timer = setTimeout(
      () => {
        this.#backedOff.delete(host);
        this.#dispatch();
      },
      Math.min(until - this.#now(), longestTimerMs),
    );
    timer.unref();
    this.#backedOff.set(host, { until, timer });
  }

  /** When `host` may be polled again, if it asked us to wait. */
  hostBackoffUntil(host: string): number | undefined {
    return this.#backedOff.get(host)?.until;
  }

  stats(): SchedulerStats {
    return {
      inFlight: this.#inFlight,
      queued: this.#queued,
      inFlightByHost: new Map(this.#inFlightByHost),
      hostsBackedOff: new Map([...this.#backedOff].map(([host, { until }]) => [host, until])),
    };
  }

  /** Stops every timer and waits for the polls in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const entry of this.#entries.values()) clearTimeout(entry.timer);
    for (const { timer } of this.#backedOff.values()) clearTimeout(timer);
    await Promise.allSettled([...this.#running]);
  }

  #arm(entry: Entry<Feed>): void {
    clearTimeout(entry.timer);
    const delay = entry.dueAt - this.#now();
    if (delay <= 0) {
      this.#enqueue(entry);
      return;
    }
    entry.timer = setTimeout(
      () => {
        if (entry.dueAt <= this.#now()) this.#enqueue(entry);
        else this.#arm(entry);
      },
      Math.min(delay, longestTimerMs),
    );
  }

  #enqueue(entry: Entry<Feed>): void {
    if (this.#stopped || entry.state !== "waiting") return;
    entry.state = "queued";
    entry.timer = undefined;
    const queue = this.#queues.get(entry.host);
    if (queue === undefined) {
      this.#queues.set(entry.host, [entry]);
      this.#hostTurns.push(entry.host);
    } else queue.push(entry);
    this.#queued++;
    this.#dispatch();
  }

  #mayStartOn(host: string): boolean {
    return !this.#backedOff.has(host) && (this.#inFlightByHost.get(host) ?? 0) < this.#options.perHost;
  }

  /** Starts queued polls while slots are free: each host in turn, the oldest due first. */
  #dispatch(): void {
    if (this.#stopped) return;
    let turns = this.#hostTurns.length;
    while (turns > 0 && this.#inFlight < this.#options.concurrency) {
      turns--;
      const host = this.#hostTurns.shift()!;
      const queue = this.#queues.get(host)!;
      if (this.#mayStartOn(host)) {
        this.#start(queue.shift()!);
        // A host that just took one goes to the back: the others have their turn first.
        turns = Math.max(turns, this.#hostTurns.length);
      }
      if (queue.length > 0) this.#hostTurns.push(host);
      else this.#queues.delete(host);
    }
  }

  #start(entry: Entry<Feed>): void {
    entry.state = "running";
    this.#queued--;
    this.#inFlight++;
    const { host } = entry;
    this.#inFlightByHost.set(host, (this.#inFlightByHost.get(host) ?? 0) + 1);
    let hostHeld = true;
    const releaseHost = () => {
      if (!hostHeld) return;
      hostHeld = false;
      const left = (this.#inFlightByHost.get(host) ?? 1) - 1;
      if (left === 0) this.#inFlightByHost.delete(host);
      else this.#inFlightByHost.set(host, left);
      this.#dispatch();
    };
    const run = this.#options
      .poll(entry.feed, { releaseHost })
      .catch((): PollDone => ({ nextPollAt: this.#now() + this.#options.retryMs }))
      .then((done) => {
        if (done.hostBackoffUntil !== undefined) this.backOffHost(host, done.hostBackoffUntil);
        this.#inFlight--;
        entry.state = "waiting";
        entry.dueAt = done.nextPollAt;
        if (!this.#stopped) this.#arm(entry);
        releaseHost();
        this.#dispatch();
      })
      .finally(() => this.#running.delete(run));
    this.#running.add(run);
  }
}
