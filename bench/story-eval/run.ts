/**
 * `npm run eval:stories`: story grouping (the indexer's signatures and thresholds) on the story eval's
 * releases, no servers: pairwise precision and recall, every false merge and every miss, and the same
 * at neighbouring thresholds; writes bench/results/story-eval.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { storyMarksThreshold, storyThreshold } from "@gazette/indexer";
import { scoreStories } from "./evaluate.ts";
import { storyEvalReleases } from "./stories.ts";

const stories = new Map<string, number>();
for (const release of storyEvalReleases) stories.set(release.story, (stories.get(release.story) ?? 0) + 1);
const republished = [...stories.values()].filter((count) => count > 1).length;
const chosen = scoreStories(storyEvalReleases);
const percent = (n: number) => `${(n * 100).toFixed(1)} %`;
const lines = [
  `Story grouping: ${storyEvalReleases.length} releases, ${stories.size} stories (${republished} republished), ${chosen.truePairs} pairs of one story`,
  "",
  "| text threshold | marks threshold | precision | recall | false merges | missed pairs |",
  "|---|---|---|---|---|---|",
];
for (const text of [0.5, 0.55, storyThreshold, 0.65, 0.7])
  for (const marks of [0.6, storyMarksThreshold]) {
    const score = scoreStories(storyEvalReleases, { text, marks });
    const mark = text === storyThreshold && marks === storyMarksThreshold ? " **(chosen)**" : "";
    lines.push(
      `| ${text}${mark} | ${marks} | ${percent(score.precision)} | ${percent(score.recall)} | ${score.falseMerges.length} | ${score.misses.length} |`,
    );
  }
lines.push("", `Chosen: precision ${percent(chosen.precision)}, recall ${percent(chosen.recall)}`);
for (const merge of chosen.falseMerges) lines.push(`  false merge: ${merge.a} + ${merge.b}`);
for (const miss of chosen.misses)
  lines.push(
    `  missed: ${miss.a} + ${miss.b} (containment ${miss.similarity.containment}, marks ${miss.similarity.marks})`,
  );
console.log(lines.join("\n"));
const dir = join(import.meta.dirname, "..", "results");
await mkdir(dir, { recursive: true });
await writeFile(join(dir, "story-eval.json"), `${JSON.stringify(chosen, null, 2)}\n`);
console.error("written: bench/results/story-eval.json");
