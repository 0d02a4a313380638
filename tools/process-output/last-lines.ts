/**
 * The last lines a child process wrote, for the error that says why it stopped: fed its output in
 * chunks as they come (a line may be cut between two), keeps at most `limit` whole lines and a bounded
 * unfinished one.
 */
export class LastLines {
  readonly #limit: number;
  readonly #lines: string[] = [];
  #partial = "";

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Takes a chunk of output; returns the lines it finished (empty ones left out). */
  add(chunk: Buffer | string): string[] {
    const parts = (this.#partial + chunk.toString()).split("\n");
    // A line without its end yet, kept to a bound (an error shows a line cut at 1,000 characters).
    this.#partial = (parts.pop() ?? "").slice(-4096);
    const finished = parts.filter((line) => line !== "");
    this.#lines.push(...finished);
    this.#lines.splice(0, Math.max(0, this.#lines.length - this.#limit));
    return finished;
  }

  /** The last lines, the unfinished one included. */
  lines(): string[] {
    return [...this.#lines, ...(this.#partial === "" ? [] : [this.#partial])].slice(-this.#limit);
  }
}
