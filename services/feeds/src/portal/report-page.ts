import type { DeliveryReport } from "@gazette/shared";
import { readableDate, readableDuration, readableNumber } from "./interface-language.ts";
import { e, renderPage, textOf, type PageFrame } from "./page-layout.ts";

const readerNames: Record<string, string> = {
  feedly: "Feedly",
  inoreader: "Inoreader",
  newsblur: "NewsBlur",
  feedparser: "feedparser",
};

/** The form: the ministry's key (a password field, sent in the POST body only), the period, and a message if any. */
function reportForm(frame: PageFrame, period: { from?: string; to?: string }, message?: string): string {
  const text = textOf(frame).report;
  const value = (day: string | undefined) => (day === undefined ? "" : ` value="${e(day)}"`);
  return `<form method="post" action="${e(`${frame.publicBaseUrl}/report${frame.explicit ? `?hl=${frame.language}` : ""}`)}" class="report-form">
${message === undefined ? "" : `<p role="alert" class="error">${e(message)}</p>`}
<p><label for="key">${e(text.key)}</label> <input id="key" name="key" type="password" autocomplete="off" required maxlength="200"></p>
<p><label for="from">${e(text.from)}</label> <input id="from" name="from" type="date"${value(period.from)}>
<label for="to">${e(text.to)}</label> <input id="to" name="to" type="date"${value(period.to)}></p>
<p><button type="submit">${e(text.show)}</button></p>
</form>`;
}

const row = (cells: (string | number)[], header = false) =>
  `<tr>${cells.map((cell, i) => (header || i === 0 ? `<th scope="${header ? "col" : "row"}">${e(String(cell))}</th>` : `<td>${e(String(cell))}</td>`)).join("")}</tr>`;

const table = (caption: string, head: string[], rows: (string | number)[][]) =>
  `<table><caption>${e(caption)}</caption><thead>${row(head, true)}</thead><tbody>${rows.map((cells) => row(cells)).join("")}</tbody></table>`;

const duration = (frame: PageFrame, ms: number | null, none: string) =>
  ms === null ? none : `≤ ${readableDuration(ms, frame.language)}`;

/** The report as tables (with the form again, to ask for another period). */
function reportTables(frame: PageFrame, report: DeliveryReport): string {
  const text = textOf(frame).report;
  const n = (value: number) => readableNumber(value, frame.language);
  const polls = Object.entries(report.feedPolls.byReader).map(([family, counts]) => [
    family === "other" ? text.otherReaders : (readerNames[family] ?? family),
    n(counts.ok),
    n(counts.notModified),
  ]);
  const queries = report.searches.topQueries.map(({ query, count }) => [query, n(count)]);
  const day = (date: string) => readableDate(date, frame.language);
  return [
    table(
      `${text.releases}: ${day(report.from)} – ${day(report.to)}`,
      ["", text.count],
      [
        [text.published, n(report.releases.published)],
        [text.updated, n(report.releases.updated)],
        [text.withdrawn, n(report.releases.withdrawn)],
      ],
    ),
    table(
      text.searchable,
      ["", ""],
      [
        [text.p50, duration(frame, report.searchable.p50AtMostMs, text.none)],
        [text.p95, duration(frame, report.searchable.p95AtMostMs, text.none)],
      ],
    ),
    table(
      text.polls,
      [text.reader, text.changed, text.unchanged],
      [...polls, [text.total, n(report.feedPolls.ok), n(report.feedPolls.notModified)]],
    ),
    table(
      text.websub,
      ["", text.count],
      [
        [text.delivered, n(report.websub.delivered)],
        [text.retried, n(report.websub.retried)],
        [text.failed, n(report.websub.failed)],
      ],
    ),
    table(`${text.searches}: ${n(report.searches.count)}`, [text.topQueries, text.count], queries),
  ].join("\n");
}

/** The report page: the form, and the report when there is one, or what went wrong. */
export function renderReportPage(
  frame: PageFrame,
  options: { report?: DeliveryReport; message?: string; period?: { from?: string; to?: string } } = {},
): string {
  const text = textOf(frame).report;
  const main = `<h1>${e(text.title)}</h1>
<p>${e(text.intro)}</p>
${reportForm(frame, options.period ?? {}, options.message)}
${options.report === undefined ? "" : reportTables(frame, options.report)}`;
  return renderPage(frame, { title: text.title, main });
}
