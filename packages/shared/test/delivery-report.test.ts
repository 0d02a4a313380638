import { describe, expect, it } from "vitest";
import {
  addReports,
  applyDelta,
  emptyDailyReport,
  latencyPercentile,
  maxQueriesPerDay,
  readerFamilyOf,
} from "../src/delivery-reports/delivery-report.ts";
import { summariseReport } from "../src/delivery-reports/delivery-report-store.ts";

describe("reader families", () => {
  it("tells the big hosted readers and feedparser-based ones by their real User-Agents", () => {
    expect(
      readerFamilyOf("Feedly/1.0 (+http://www.feedly.com/fetcher.html; 16 subscribers; like FeedFetcher-Google)"),
    ).toBe("feedly");
    expect(readerFamilyOf("Mozilla/5.0 (compatible; Inoreader/1.0; https://www.inoreader.com; 3 subscribers)")).toBe(
      "inoreader",
    );
    expect(
      readerFamilyOf("NewsBlur Feed Fetcher - 7 subscribers - https://www.newsblur.com/site/123 (Mozilla/5.0)"),
    ).toBe("newsblur");
    expect(readerFamilyOf("UniversalFeedParser/6.0.11 +https://github.com/kurtmckee/feedparser/")).toBe("feedparser");
    expect(readerFamilyOf("Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0")).toBe("other");
    expect(readerFamilyOf(undefined)).toBe("other");
  });
});

describe("a day's counts", () => {
  it("adds deltas and reports in any order to the same totals", () => {
    const one = emptyDailyReport();
    applyDelta(one, { kind: "release", change: "published" });
    applyDelta(one, { kind: "poll", family: "feedly", status: "ok" });
    applyDelta(one, { kind: "search", query: "  Жусан   ОПЕРАЦИЯ " });
    const two = emptyDailyReport();
    applyDelta(two, { kind: "poll", family: "feedly", status: "notModified" });
    applyDelta(two, { kind: "search", query: "жусан операция" });
    applyDelta(two, { kind: "latency", ms: 700 });
    applyDelta(two, { kind: "websub", outcome: "retried" });
    expect(addReports(one, two)).toEqual(addReports(two, one));
    expect(addReports(one, two)).toMatchObject({
      releases: { published: 1 },
      polls: { feedly: { ok: 1, notModified: 1 } },
      searches: { count: 2, queries: { "жусан операция": 2 } },
      websub: { retried: 1 },
    });
  });

  it("keeps the most frequent queries when a day has more than the cap", () => {
    const many = emptyDailyReport();
    for (let i = 0; i < maxQueriesPerDay + 50; i++) applyDelta(many, { kind: "search", query: `q${i}` });
    applyDelta(many, { kind: "search", query: "q7" });
    const kept = addReports(emptyDailyReport(), many).searches.queries;
    expect(Object.keys(kept)).toHaveLength(maxQueriesPerDay);
    expect(kept["q7"]).toBe(2);
  });

  it("gives latency percentiles as the upper bound of their bucket", () => {
    const day = emptyDailyReport();
    for (const ms of [100, 200, 300, 400, 600, 900, 1500, 1800, 2500, 40_000]) applyDelta(day, { kind: "latency", ms });
    expect(latencyPercentile(day.latency, 0.5)).toBe(1000);
    expect(latencyPercentile(day.latency, 0.95)).toBe(60_000);
    expect(latencyPercentile(emptyDailyReport().latency, 0.5)).toBeNull();
    const report = summariseReport("mci-kz", "2026-11-01", "2026-11-30", day);
    expect(report.searchable).toEqual({ indexed: 10, p50AtMostMs: 1000, p95AtMostMs: 60_000 });
    expect(report.feedPolls.byReader).toHaveProperty("newsblur", { ok: 0, notModified: 0 });
  });
});
