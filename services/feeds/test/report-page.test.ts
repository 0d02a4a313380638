import type { DeliveryReport } from "@gazette/shared";
import { describe, expect, it } from "vitest";
import { readableDuration, readableNumber } from "../src/portal/interface-language.ts";
import type { PageFrame } from "../src/portal/page-layout.ts";
import { renderReportPage } from "../src/portal/report-page.ts";

const report: DeliveryReport = {
  publisher: "mfa-kz",
  from: "2026-11-01",
  to: "2026-11-30",
  releases: { published: 12345, updated: 2, withdrawn: 1 },
  searchable: { indexed: 12347, p50AtMostMs: 250, p95AtMostMs: 1500 },
  feedPolls: {
    ok: 20000,
    notModified: 150000,
    byReader: {
      feedly: { ok: 20000, notModified: 150000 },
      inoreader: { ok: 0, notModified: 0 },
      newsblur: { ok: 0, notModified: 0 },
      feedparser: { ok: 0, notModified: 0 },
      other: { ok: 0, notModified: 0 },
    },
  },
  websub: { delivered: 1000, retried: 3, failed: 0 },
  searches: { count: 4321, topQueries: [{ query: "Тоқаев", count: 1200 }] },
};

const frame = (language: PageFrame["language"]): PageFrame => ({
  language,
  explicit: true,
  publicBaseUrl: "https://gazette.example",
  path: "/report",
  query: {},
});

/** The visible text of the tables (tags dropped). */
const tablesText = (html: string) => html.slice(html.indexOf("<table")).replace(/<[^>]+>/g, " ");

describe("the delivery report page in the reader's language (pure)", () => {
  it("writes numbers, units, dates and the total as readers of ru, kk and en do", () => {
    const ru = tablesText(renderReportPage(frame("ru"), { report }));
    expect(ru).toContain("12\u00a0345");
    expect(ru).toContain("150\u00a0000");
    expect(ru).toContain("≤ 250 мс");
    expect(ru).toContain("≤ 1,5 с");
    expect(ru).toContain("Всего");
    expect(ru).toContain("1 ноября 2026 г.");
    expect(ru).not.toMatch(/\bms\b|Σ|\b s\b/);
    const kk = tablesText(renderReportPage(frame("kk"), { report }));
    expect(kk).toContain("Барлығы");
    expect(kk).toContain("≤ 250 мс");
    expect(kk).not.toMatch(/\bms\b|Σ/);
    const en = tablesText(renderReportPage(frame("en"), { report }));
    expect(en).toContain("12,345");
    expect(en).toContain("≤ 1.5 secs");
    expect(en).toContain("Total");
    expect(en).toContain("1 November 2026");
  });

  it("picks the largest unit a duration fits", () => {
    expect(readableDuration(999, "en")).toBe("999 ms");
    expect(readableDuration(90_000, "ru")).toBe("1,5 мин");
    expect(readableNumber(1234567, "kk")).toBe("1\u00a0234\u00a0567");
  });
});
