/**
 * `npm run eval:language`: ingest's language detection on the language eval's samples (no servers);
 * prints accuracy, precision and `und` per language and form, every miss, and writes
 * bench/results/language-eval.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { minimumConfidence } from "@gazette/ingest";
import { evaluateLanguageDetection } from "./evaluate.ts";
import { languageSamples } from "./samples.ts";

const result = evaluateLanguageDetection(languageSamples);
const percent = (n: number) => `${(n * 100).toFixed(1)} %`;
const lines = [
  `Language detection (franc, among ru kk uz ky tg en; und below confidence ${minimumConfidence}): ${languageSamples.length} samples`,
  "",
  "| form | language | items | right | wrong | und |",
  "|---|---|---|---|---|---|",
];
for (const [form, summary] of Object.entries(result)) {
  for (const [language, row] of Object.entries(summary.byLanguage))
    lines.push(`| ${form} | ${language} | ${row.items} | ${row.right} | ${row.wrong} | ${row.undetermined} |`);
  lines.push(
    `| ${form} | **all** | ${summary.items} | ${summary.right} (${percent(summary.accuracy)}) | ${summary.wrong} | ${summary.undetermined} |`,
  );
}
lines.push("");
for (const [form, summary] of Object.entries(result)) {
  lines.push(
    `${form}: accuracy ${percent(summary.accuracy)}, precision ${percent(summary.precision)}, ru↔kk confusions ${summary.russianKazakhConfusions}`,
  );
  for (const miss of summary.misses)
    lines.push(`  miss ${miss.key}: ${miss.expected} → ${miss.got} (confidence ${miss.confidence})`);
}
console.log(lines.join("\n"));
const dir = join(import.meta.dirname, "..", "results");
await mkdir(dir, { recursive: true });
await writeFile(join(dir, "language-eval.json"), `${JSON.stringify(result, null, 2)}\n`);
console.error("written: bench/results/language-eval.json");
