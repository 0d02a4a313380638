import { parseArgs } from "node:util";
import { connect } from "@nats-io/transport-node";
import { natsConnectionOptions } from "@gazette/shared";
import { jetstream } from "@nats-io/jetstream";
import { loadIngestConfig, upstreamStatus, type UpstreamReportRow } from "@gazette/ingest";

export async function upstreamsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean", default: false } } });
  const config = loadIngestConfig(process.env);
  const nats = await connect(natsConnectionOptions(config, "admin"));
  try {
    const rows = await upstreamStatus(jetstream(nats), config);
    if (values.json) console.log(JSON.stringify({ upstreams: rows }));
    else console.log(table(rows));
    console.error(`${rows.length} upstream(s)`);
    return 0;
  } finally {
    await nats.close();
  }
}

/** Entries detected, kept as `und`, or whose declared language the text contradicts: `detected 3, und 1, contradicted 2`. */
function languageCell(counts: UpstreamReportRow["lastCounts"]): string {
  const parts = [
    ["detected", counts?.languageDetected],
    ["und", counts?.languageUndetermined],
    ["contradicted", counts?.languageMismatched],
  ].filter(([, n]) => typeof n === "number" && n > 0);
  return parts.length === 0 ? "-" : parts.map(([name, n]) => `${name} ${n}`).join(", ");
}

function table(rows: UpstreamReportRow[]): string {
  const header = [
    "publisher",
    "url",
    "last poll",
    "outcome",
    "in",
    "unchanged",
    "skipped",
    "language",
    "failures",
    "next poll",
    "why",
  ];
  const cells = rows.map((row) => [
    row.publisher,
    row.url,
    row.lastPollAt?.slice(0, 19).replace("T", " ") ?? "never",
    row.polling
      ? "polling now"
      : (row.lastOutcome ?? "-") + (row.lastError === undefined ? "" : ` (${row.lastError.slice(0, 60)})`),
    String(row.lastCounts?.submitted ?? "-"),
    String(row.lastCounts?.unchanged ?? "-"),
    String(row.lastCounts?.skipped ?? "-"),
    languageCell(row.lastCounts),
    String(row.failuresInARow),
    row.nextPollAt?.slice(0, 19).replace("T", " ") ?? "-",
    row.nextPollReason === undefined
      ? "-"
      : row.nextPollReason + (row.nextPollDetail === undefined ? "" : ` (${row.nextPollDetail.slice(0, 60)})`),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((cell) => cell[i]!.length)));
  return [header, ...cells]
    .map((cell) =>
      cell
        .map((text, i) => text.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
