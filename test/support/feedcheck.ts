import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The shared feed validator (`../shared/tools/feedcheck`); its Debian packages come from its install-deps. */
const feedcheck = join(import.meta.dirname, "..", "..", "..", "shared", "tools", "feedcheck", "feedcheck");

/** Runs feedcheck on `text` saved as `fileName` (the extension tells the format); exit 0 means valid. */
export function checkFeed(text: string, fileName: string): { status: number | null; output: string } {
  const file = join(mkdtempSync(join(tmpdir(), "feed-")), fileName);
  writeFileSync(file, text);
  const result = spawnSync(feedcheck, [file], { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}${result.error?.message ?? ""}` };
}
