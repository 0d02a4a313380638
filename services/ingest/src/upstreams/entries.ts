/**
 * An upstream document's entries taken in through the push path (`submit`), whether a poll fetched it
 * or the upstream's hub pushed it: new and changed entries become releases or updates, unchanged ones
 * change nothing, a broken one is skipped with its reason; NATS being away fails the whole document.
 */
import { GazetteError, type Logger, type ReleaseInput } from "@gazette/shared";
import type { SubmissionResult } from "../releases/index.ts";
import type { LanguageNote, UpstreamEntry } from "./parsing/index.ts";

/** The push path, as the pull adapter calls it. */
export type SubmitRelease = (publisher: string, input: unknown, log: Logger) => Promise<SubmissionResult>;

/** What taking a document in did. */
export interface EntriesReport {
  submitted: number;
  unchanged: number;
  skipped: { ref: string; reason: string }[];
  /** Entries whose language was detected, undetermined (`und`) or contradicts the declared one. */
  languages?: ({ ref: string } & LanguageNote)[];
  /** Optional fields dropped from entries (an image without a usable URL, …). */
  dropped: number;
}

/** A document with this many entries logs its progress, at most every `progressIntervalMs`. */
const largeFeedEntries = 100;
const progressIntervalMs = 5000;

/** Said once, when the entry goes in (not again on every poll that finds it unchanged). */
function logLanguageNote(log: Logger, ref: string, note: LanguageNote): void {
  const fields = { entry: ref, ...note };
  if (note.kind === "mismatch")
    log.warn(fields, "upstream entry: the declared language disagrees with the text (kept as declared)");
  else if (note.kind === "undetermined")
    log.warn(fields, "upstream entry: no language declared and none detected with confidence (kept as und)");
  else log.info(fields, "upstream entry: language detected (the source declares none)");
}

/** How many of a document's entries had their language detected, undetermined or contradicted. */
export function languageCounts(notes: readonly LanguageNote[]) {
  const count = (kind: LanguageNote["kind"]) => notes.filter((note) => note.kind === kind).length;
  return {
    languageDetected: count("detected"),
    languageUndetermined: count("undetermined"),
    languageMismatched: count("mismatch"),
  };
}

/** Submits the entries, in order, through the push path; throws when the push path is away (5xx). */
export async function submitEntries(
  publisher: string,
  entries: readonly UpstreamEntry[],
  submit: SubmitRelease,
  log: Logger,
): Promise<EntriesReport> {
  const report: EntriesReport = { submitted: 0, unchanged: 0, skipped: [], dropped: 0 };
  // A large feed's first poll takes a while (every entry goes through the push path): say how far it is.
  const large = entries.length >= largeFeedEntries;
  if (large) log.info({ entries: entries.length }, "upstream poll: submitting entries");
  let lastProgressAt = Date.now();
  for (const [index, entry] of entries.entries()) {
    if (large && Date.now() - lastProgressAt >= progressIntervalMs) {
      lastProgressAt = Date.now();
      const { submitted, unchanged } = report;
      log.info(
        { done: index, entries: entries.length, submitted, unchanged, skipped: report.skipped.length },
        "upstream poll: progress",
      );
    }
    if ("skip" in entry) {
      report.skipped.push({ ref: entry.ref, reason: entry.skip });
      continue;
    }
    if (entry.language !== undefined)
      report.languages = [...(report.languages ?? []), { ref: entry.ref, ...entry.language }];
    for (const reason of entry.dropped ?? [])
      log.info({ entry: entry.ref, reason }, "upstream entry: optional field dropped");
    report.dropped += entry.dropped?.length ?? 0;
    try {
      const result = await submit(publisher, entry.release satisfies ReleaseInput, log);
      if (result.status === "unchanged") report.unchanged++;
      else {
        report.submitted++;
        if (entry.language !== undefined) logLanguageNote(log, entry.ref, entry.language);
      }
    } catch (error) {
      // A release the push path refuses is skipped; anything else (NATS away) fails the document.
      if (!(error instanceof GazetteError) || error.status >= 500) throw error;
      report.skipped.push({ ref: entry.ref, reason: error.message });
    }
  }
  for (const skipped of report.skipped)
    log.warn({ entry: skipped.ref, reason: skipped.reason }, "upstream entry skipped");
  return report;
}
