/**
 * The language eval: ingest's detector on every sample, once on the title alone and once on the title
 * and first sentences (what a pulled item carries). Pure: no servers.
 */
import { detectLanguage, type LanguageGuess } from "@gazette/ingest";
import type { LanguageSample } from "./samples.ts";

export type SampleForm = "title" | "title+text";

export interface LanguageOutcome {
  key: string;
  expected: string;
  got: string;
  confidence: number;
}

export interface FormSummary {
  items: number;
  /** Detected, and right. */
  right: number;
  /** Detected with confidence, and wrong: the costly error (a Kazakh release analysed as Russian). */
  wrong: number;
  /** Kept as `und`: below the minimum confidence. */
  undetermined: number;
  /** right / items. */
  accuracy: number;
  /** right / (right + wrong): how far a detected language can be trusted. */
  precision: number;
  byLanguage: Record<string, { items: number; right: number; wrong: number; undetermined: number }>;
  /** Russian taken for Kazakh or Kazakh for Russian, confidently: the pair that shares a script. */
  russianKazakhConfusions: number;
  misses: LanguageOutcome[];
}

const textOf = (sample: LanguageSample, form: SampleForm) => (form === "title" ? "" : sample.text);

export function evaluateLanguageDetection(
  samples: readonly LanguageSample[],
  detect: (title: string, text: string) => LanguageGuess = detectLanguage,
): Record<SampleForm, FormSummary> {
  const summarise = (form: SampleForm): FormSummary => {
    const outcomes = samples.map((sample) => {
      const guess = detect(sample.title, textOf(sample, form));
      return { key: sample.key, expected: sample.language, got: guess.language, confidence: guess.confidence };
    });
    const byLanguage: FormSummary["byLanguage"] = {};
    for (const o of outcomes) {
      const row = byLanguage[o.expected] ?? { items: 0, right: 0, wrong: 0, undetermined: 0 };
      byLanguage[o.expected] = row;
      row.items++;
      if (o.got === o.expected) row.right++;
      else if (o.got === "und") row.undetermined++;
      else row.wrong++;
    }
    const right = outcomes.filter((o) => o.got === o.expected).length;
    const undetermined = outcomes.filter((o) => o.got === "und" && o.expected !== "und").length;
    const wrong = outcomes.length - right - undetermined;
    const pair = new Set(["ru", "kk"]);
    return {
      items: outcomes.length,
      right,
      wrong,
      undetermined,
      accuracy: right / outcomes.length,
      precision: right / Math.max(1, right + wrong),
      byLanguage,
      russianKazakhConfusions: outcomes.filter((o) => o.got !== o.expected && pair.has(o.got) && pair.has(o.expected))
        .length,
      misses: outcomes.filter((o) => o.got !== o.expected),
    };
  };
  return { title: summarise("title"), "title+text": summarise("title+text") };
}
