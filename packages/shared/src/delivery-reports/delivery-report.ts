/**
 * The delivery report of a publisher (ADR 0017): what became of its releases, as counts per UTC day.
 * Pure: the day's counts, how two are added, how a period is summed up, and reader families. Counts
 * only: no IP address, no User-Agent string, no cookie is kept; search queries are kept (lower-cased,
 * at most 100 characters, at most `maxQueriesPerDay` a day) because "what people looked for" is the
 * point of a search report.
 */

/** Feed readers told apart by their User-Agent. */
export const readerFamilies = ["feedly", "inoreader", "newsblur", "feedparser", "other"] as const;
export type ReaderFamily = (typeof readerFamilies)[number];

/**
 * The reader family of a User-Agent: the big hosted readers name themselves (`Feedly/1.0 (+http://…;
 * 5 subscribers)`, `…Inoreader/1.0…`, `NewsBlur Feed Fetcher - 3 subscribers - …`); Python's
 * feedparser, which many self-hosted readers use, says `UniversalFeedParser/6.0.11 +https://…`.
 */
export function readerFamilyOf(userAgent: string | undefined): ReaderFamily {
  const ua = userAgent ?? "";
  if (/feedly/i.test(ua)) return "feedly";
  if (/inoreader/i.test(ua)) return "inoreader";
  if (/newsblur/i.test(ua)) return "newsblur";
  if (/feedparser/i.test(ua)) return "feedparser";
  return "other";
}

/** Upper bounds (ms) of the ingest → indexed latency histogram's buckets; the last is unbounded. */
export const latencyBucketsMs = [250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000, 300_000, 3_600_000] as const;
/** Distinct queries kept per publisher and day: the most frequent ones. */
export const maxQueriesPerDay = 200;

export interface DailyReport {
  releases: { published: number; updated: number; withdrawn: number };
  /** Ingest → indexed latency: counts per bucket (`latencyBucketsMs`, then one over the last bound). */
  latency: number[];
  polls: Partial<Record<ReaderFamily, { ok: number; notModified: number }>>;
  websub: { delivered: number; failed: number; retried: number };
  searches: { count: number; queries: Record<string, number> };
}

export const emptyDailyReport = (): DailyReport => ({
  releases: { published: 0, updated: 0, withdrawn: 0 },
  latency: latencyBucketsMs.map(() => 0).concat(0),
  polls: {},
  websub: { delivered: 0, failed: 0, retried: 0 },
  searches: { count: 0, queries: {} },
});

/** A change to a day's counts. */
export type ReportDelta =
  | { kind: "release"; change: keyof DailyReport["releases"] }
  | { kind: "latency"; ms: number }
  | { kind: "poll"; family: ReaderFamily; status: "ok" | "notModified" }
  | { kind: "websub"; outcome: keyof DailyReport["websub"] }
  | { kind: "search"; query: string };

/** A query as kept: trimmed, spaces collapsed, lower-cased, at most 100 characters. */
export const reportQuery = (query: string) => query.trim().replace(/\s+/g, " ").toLowerCase().slice(0, 100);

/** Applies a delta to a day's counts, in place. */
export function applyDelta(report: DailyReport, delta: ReportDelta): void {
  if (delta.kind === "release") report.releases[delta.change]++;
  else if (delta.kind === "latency") {
    const bucket = latencyBucketsMs.findIndex((bound) => delta.ms <= bound);
    report.latency[bucket === -1 ? latencyBucketsMs.length : bucket]!++;
  } else if (delta.kind === "poll") {
    const counts = report.polls[delta.family] ?? { ok: 0, notModified: 0 };
    counts[delta.status]++;
    report.polls[delta.family] = counts;
  } else if (delta.kind === "websub") report.websub[delta.outcome]++;
  else {
    report.searches.count++;
    const query = reportQuery(delta.query);
    report.searches.queries[query] = (report.searches.queries[query] ?? 0) + 1;
  }
}

/** The sum of two days' counts (a stored day and what a process counted since), queries capped. */
export function addReports(a: DailyReport, b: DailyReport): DailyReport {
  const polls: DailyReport["polls"] = {};
  for (const family of readerFamilies) {
    const [x, y] = [a.polls[family], b.polls[family]];
    if (x !== undefined || y !== undefined)
      polls[family] = { ok: (x?.ok ?? 0) + (y?.ok ?? 0), notModified: (x?.notModified ?? 0) + (y?.notModified ?? 0) };
  }
  const queries: Record<string, number> = { ...a.searches.queries };
  for (const [query, count] of Object.entries(b.searches.queries)) queries[query] = (queries[query] ?? 0) + count;
  return {
    releases: {
      published: a.releases.published + b.releases.published,
      updated: a.releases.updated + b.releases.updated,
      withdrawn: a.releases.withdrawn + b.releases.withdrawn,
    },
    latency: a.latency.map((count, i) => count + (b.latency[i] ?? 0)),
    polls,
    websub: {
      delivered: a.websub.delivered + b.websub.delivered,
      failed: a.websub.failed + b.websub.failed,
      retried: a.websub.retried + b.websub.retried,
    },
    searches: { count: a.searches.count + b.searches.count, queries: mostFrequent(queries, maxQueriesPerDay) },
  };
}

function mostFrequent(counts: Record<string, number>, limit: number): Record<string, number> {
  const entries = Object.entries(counts);
  if (entries.length <= limit) return counts;
  return Object.fromEntries(entries.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, limit));
}

/** The upper bound of the bucket holding the p-th fraction of the latencies (null: none, or beyond the last bound). */
export function latencyPercentile(buckets: readonly number[], p: number): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [i, count] of buckets.entries()) {
    seen += count;
    if (seen >= p * total) return latencyBucketsMs[i] ?? null;
  }
  return null;
}
