/**
 * `npm run eval:search`: the relevance eval (bench/search-eval/evaluate.ts) on NATS and OpenSearch
 * found or started as the tests do; prints recall, MRR and nDCG@10 per kind and in total, lists every
 * failed query, and writes bench/results/search-eval.json. Exits 1 when a must-find query misses or a
 * must-be-empty query finds anything.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { provideInfrastructure } from "../../tools/dev-stack/infrastructure.ts";
import { evaluateSearch, type KindSummary } from "./evaluate.ts";

const log = (line: string) => console.error(line);
const infrastructure = await provideInfrastructure({
  env: process.env,
  purpose: "test",
  log,
  root: join(import.meta.dirname, "..", ".."),
});
let exitCode = 0;
try {
  const result = await evaluateSearch({
    natsUrl: infrastructure.natsUrl,
    opensearchUrl: infrastructure.opensearchUrl,
    log,
  });
  const row = (name: string, s: KindSummary) =>
    `| ${name} | ${s.queries} | ${(s.recall * 100).toFixed(1)} % | ${s.mrr.toFixed(3)} | ${s.ndcgAt10.toFixed(3)} | ${s.failures} |`;
  console.log(
    [
      "| kind | queries | recall@10 | MRR | nDCG@10 | failed |",
      "|---|---|---|---|---|---|",
      ...Object.entries(result.byKind).map(([kind, s]) => row(kind, s)),
      row("**must-find, all**", result.mustFind),
    ].join("\n"),
  );
  console.log(`\nExact titles at rank 1: ${result.exactTitleAtRank1.atRank1} of ${result.exactTitleAtRank1.of}.`);
  const failed = result.outcomes.filter((o) => o.failure !== undefined);
  for (const o of failed)
    console.log(
      `FAILED [${o.kind}] ${o.q}${o.suggestion === undefined ? "" : ` (did you mean: ${o.suggestion})`}: ${o.failure}`,
    );
  const dir = join(import.meta.dirname, "..", "results");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "search-eval.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.error(`written: bench/results/search-eval.json`);
  if (failed.some((o) => o.kind !== "typo")) exitCode = 1;
} finally {
  await infrastructure.stop();
}
process.exit(exitCode);
