import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ReleaseInput } from "@gazette/shared";

/** The shared samples folder (`../shared/samples` beside the repository). */
export const samplesDir = join(import.meta.dirname, "..", "..", "..", "shared", "samples");

/**
 * The real Russian press release from ../shared/samples as a publisher would push it: first line is
 * the title, the photo credit is not body text, and the site's "Exit mobile version" is dropped.
 */
export function sampleRelease(externalId = "mci-kz-jusan"): ReleaseInput {
  const lines = readFileSync(join(samplesDir, "mci-kz-jusan-ru.txt"), "utf8")
    .split("\n")
    .map((line) => line.trim());
  const [title, ...rest] = lines;
  const paragraphs = rest.filter((line) => line !== "" && line !== "Exit mobile version" && !line.startsWith("Фото:"));
  return {
    externalId,
    language: "ru",
    title: title!,
    body: paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join("\n"),
    tags: ["реабилитация", "Жусан"],
  };
}
