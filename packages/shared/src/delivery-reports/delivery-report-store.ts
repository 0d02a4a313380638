import type { JetStreamClient } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import {
  addReports,
  applyDelta,
  emptyDailyReport,
  latencyPercentile,
  readerFamilies,
  type DailyReport,
  type ReportDelta,
} from "./delivery-report.ts";
import { type Logger, isCasConflict, openBucket } from "../platform/index.ts";

/** Days a day's counts are kept (a year and a bit, for year-on-year reports). */
const keptDays = 400;

/** The UTC day of an instant, as the report keys it. */
export const reportDay = (at: Date) => at.toISOString().slice(0, 10);
const reportKey = (publisher: string, day: string) => `${publisher}.${day}`;

export async function openReportBucket(js: JetStreamClient, bucket: string, replicas: number): Promise<KV> {
  return openBucket(js, bucket, { history: 1, replicas, ttl: keptDays * 86_400_000 });
}

/**
 * Counts of one process, added up in memory and merged into the report bucket every `flushMs`
 * (compare-and-set, so processes of every service add to the same day without losing each other's
 * counts). What could not be merged (NATS away) stays and goes with the next flush: aggregated per
 * publisher and day, so it stays small.
 */
export class DeliveryReportRecorder {
  readonly #kv: KV;
  readonly #logger: Logger;

  /** The bucket the counts go to (what `readDeliveryReport` reads). */
  get bucket(): KV {
    return this.#kv;
  }
  readonly #pending = new Map<string, DailyReport>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();
  /** Today's UTC day and when it ends: every feed poll records, so the day is formatted once a day, not once a poll. */
  #day = "";
  #dayEndsAt = 0;

  #today(): string {
    const now = Date.now();
    if (now >= this.#dayEndsAt) {
      this.#day = reportDay(new Date(now));
      this.#dayEndsAt = Date.parse(`${this.#day}T00:00:00Z`) + 86_400_000;
    }
    return this.#day;
  }

  private constructor(kv: KV, flushMs: number, logger: Logger) {
    this.#kv = kv;
    this.#logger = logger;
    this.#timer = setInterval(() => void this.flush(), flushMs);
    this.#timer.unref();
  }

  static async open(
    js: JetStreamClient,
    options: { bucket: string; replicas: number; flushMs: number },
    logger: Logger,
  ): Promise<DeliveryReportRecorder> {
    return new DeliveryReportRecorder(
      await openReportBucket(js, options.bucket, options.replicas),
      options.flushMs,
      logger,
    );
  }

  /** Counts one thing that happened to a publisher's releases (now, unless `at`). */
  record(publisher: string, delta: ReportDelta, at?: Date): void {
    const key = reportKey(publisher, at === undefined ? this.#today() : reportDay(at));
    const report = this.#pending.get(key) ?? emptyDailyReport();
    applyDelta(report, delta);
    this.#pending.set(key, report);
  }

  /** Merges what was counted into the bucket; one flush at a time. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#flushPending());
    return this.#flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }

  async #flushPending(): Promise<void> {
    const batch = [...this.#pending];
    this.#pending.clear();
    for (const [key, counts] of batch) {
      try {
        await this.#merge(key, counts);
      } catch (error) {
        const back = this.#pending.get(key);
        this.#pending.set(key, back === undefined ? counts : addReports(counts, back));
        this.#logger.warn({ err: error, key }, "delivery report counts not saved yet: kept for the next flush");
      }
    }
  }

  async #merge(key: string, counts: DailyReport): Promise<void> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.#kv.get(key);
      try {
        if (current === null || current.operation !== "PUT") {
          await this.#kv.create(key, JSON.stringify(counts));
        } else {
          const merged = addReports(current.json<DailyReport>(), counts);
          await this.#kv.update(key, JSON.stringify(merged), current.revision);
        }
        return;
      } catch (error) {
        if (!isCasConflict(error)) throw error;
      }
    }
    throw new Error(`report ${key} kept changing under this process's writes`);
  }
}

/** A publisher's report over days `from`..`to` (UTC, inclusive), as the API and the portal show it. */
export async function readDeliveryReport(kv: KV, publisher: string, from: string, to: string) {
  let total = emptyDailyReport();
  const days: string[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); reportDay(day) <= to; day = new Date(day.getTime() + 86_400_000))
    days.push(reportDay(day));
  const entries = await Promise.all(days.map((day) => kv.get(reportKey(publisher, day))));
  for (const entry of entries)
    if (entry !== null && entry.operation === "PUT") total = addReports(total, entry.json<DailyReport>());
  return summariseReport(publisher, from, to, total);
}

/** The report's JSON: totals, latency percentiles, polls by reader, WebSub, searches and the top queries. */
export function summariseReport(publisher: string, from: string, to: string, report: DailyReport) {
  const byReader = Object.fromEntries(
    readerFamilies.map((family) => [family, report.polls[family] ?? { ok: 0, notModified: 0 }]),
  );
  const polls = Object.values(byReader).reduce(
    (sum, counts) => ({ ok: sum.ok + counts.ok, notModified: sum.notModified + counts.notModified }),
    { ok: 0, notModified: 0 },
  );
  const topQueries = Object.entries(report.searches.queries)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, 10)
    .map(([query, count]) => ({ query, count }));
  return {
    publisher,
    from,
    to,
    releases: report.releases,
    searchable: {
      indexed: report.latency.reduce((sum, count) => sum + count, 0),
      p50AtMostMs: latencyPercentile(report.latency, 0.5),
      p95AtMostMs: latencyPercentile(report.latency, 0.95),
    },
    feedPolls: { ...polls, byReader },
    websub: report.websub,
    searches: { count: report.searches.count, topQueries },
  };
}
export type DeliveryReport = ReturnType<typeof summariseReport>;
