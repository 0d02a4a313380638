/**
 * Progress of a long command, in a terminal and in CI logs alike: a live bar (cli-progress) when the
 * stream is a TTY, and plain lines otherwise: one when it starts, at most one every `intervalMs`
 * after that, and one when it ends, each with the count, the rate and the time left where known.
 */
import cliProgress from "cli-progress";

export interface ProgressOptions {
  /** What is being done, e.g. "reindex: loading releases". */
  label: string;
  /** How many units the work has, when known. */
  total?: number;
  /** What a unit is, e.g. "documents". */
  unit: string;
  /** Where it goes; default stderr (stdout stays for a command's results). */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Whether counts and rates mean anything; false for a wait (only the time so far is shown). Default true. */
  counted?: boolean;
  /** Least time between two plain lines; default 5 s. */
  intervalMs?: number;
  /** The clock (tests give a fake one). */
  now?: () => number;
}

export interface Progress {
  /** The work done so far (absolute, not an increment), and optionally the total if it changed. */
  update(done: number, total?: number): void;
  /** Ends the progress with a last line (or the final bar) and a summary. */
  finish(summary?: string): void;
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  return minutes < 60 ? `${minutes} min ${whole % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The plain line for a moment of the work: `label: 1,200/5,000 documents (24 %), 350/s, about 11 s left`. */
export function progressLine(
  label: string,
  unit: string,
  done: number,
  total: number | undefined,
  elapsedMs: number,
  counted = true,
): string {
  if (!counted) return `${label}: ${formatSeconds(elapsedMs / 1000)} so far`;
  const count =
    total === undefined
      ? `${done.toLocaleString("en")} ${unit}`
      : `${done.toLocaleString("en")}/${total.toLocaleString("en")} ${unit} (${total === 0 ? 100 : Math.floor((done / total) * 100)} %)`;
  const rate = elapsedMs > 0 ? (done / elapsedMs) * 1000 : 0;
  const parts = [count, `${rate >= 10 ? Math.round(rate).toLocaleString("en") : rate.toFixed(1)}/s`];
  if (total !== undefined && done < total && rate > 0) parts.push(`about ${formatSeconds((total - done) / rate)} left`);
  else parts.push(`${formatSeconds(elapsedMs / 1000)} so far`);
  return `${label}: ${parts.join(", ")}`;
}

export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  let total = options.total;
  let done = 0;
  if (stream.isTTY === true) return ttyProgress(options, stream, total);

  const intervalMs = options.intervalMs ?? 5000;
  const counted = options.counted ?? true;
  let lastLine = started;
  const write = (line: string) => stream.write(`${line}\n`);
  write(`${options.label}: started${total === undefined ? "" : ` (${total.toLocaleString("en")} ${options.unit})`}`);
  return {
    update(value, newTotal) {
      done = value;
      if (newTotal !== undefined) total = newTotal;
      if (now() - lastLine < intervalMs) return;
      lastLine = now();
      write(progressLine(options.label, options.unit, done, total, now() - started, counted));
    },
    finish(summary) {
      const took = formatSeconds((now() - started) / 1000);
      const counts = counted
        ? `${progressLine(options.label, options.unit, done, total, now() - started).replace(/, (about .* left|[^,]* so far)$/, "")}, `
        : `${options.label}: `;
      write(`${counts}done in ${took}${summary === undefined ? "" : `: ${summary}`}`);
    },
  };
}

function ttyProgress(
  options: ProgressOptions,
  stream: NodeJS.WritableStream,
  initialTotal: number | undefined,
): Progress {
  const known = initialTotal !== undefined;
  const counted = options.counted ?? true;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: !counted
        ? `${options.label}: {duration_formatted}`
        : known
          ? `${options.label} [{bar}] {value}/{total} ${options.unit} · {percentage} % · {rate}/s · ETA {eta_formatted}`
          : `${options.label}: {value} ${options.unit} · {rate}/s · {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(initialTotal ?? 0, 0, { rate: "0" });
  let done = 0;
  return {
    update(value, newTotal) {
      done = value;
      if (newTotal !== undefined) bar.setTotal(newTotal);
      const seconds = (Date.now() - started) / 1000;
      bar.update(value, { rate: seconds > 0 ? Math.round(value / seconds).toLocaleString("en") : "0" });
    },
    finish(summary) {
      bar.update(done);
      bar.stop();
      if (summary !== undefined) stream.write(`${options.label}: ${summary}\n`);
    },
  };
}
