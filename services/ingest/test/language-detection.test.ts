import { describe, expect, it } from "vitest";
import { detectLanguage, minimumConfidence } from "../src/language-detection.ts";
import { entriesOfFeed, type UpstreamEntry } from "../src/upstreams/parsing/items.ts";
import { evaluateLanguageDetection } from "../../../bench/language-eval/evaluate.ts";
import { languageSamples } from "../../../bench/language-eval/samples.ts";
import { ministryRss } from "../../../test/support/ministry-rss.ts";

describe("language detection on the language eval (ru, kk, uz Latin and Cyrillic, ky, tg, en, and hard cases)", () => {
  const result = evaluateLanguageDetection(languageSamples);

  it("tells the language of a title and its first sentences: ≥ 98 % right, every language ≥ 95 %", () => {
    const summary = result["title+text"];
    expect(summary.items).toBeGreaterThanOrEqual(130);
    expect(summary.accuracy, JSON.stringify(summary.misses)).toBeGreaterThanOrEqual(0.98);
    for (const [language, row] of Object.entries(summary.byLanguage))
      expect(row.right / row.items, language).toBeGreaterThanOrEqual(0.95);
  });

  it("never confidently takes Russian for Kazakh or Kazakh for Russian, with or without the text", () => {
    expect(result["title+text"].russianKazakhConfusions).toBe(0);
    expect(result.title.russianKazakhConfusions).toBe(0);
  });

  it("on titles alone, says und rather than guess: ≥ 90 % right and ≥ 95 % of its answers right", () => {
    expect(result.title.accuracy, JSON.stringify(result.title.misses)).toBeGreaterThanOrEqual(0.9);
    expect(result.title.precision).toBeGreaterThanOrEqual(0.95);
    expect(result.title.undetermined).toBeGreaterThan(0);
  });

  it("says und for text too short or without letters, with its best guess when there is one", () => {
    expect(detectLanguage("OK", "")).toEqual({ language: "und", confidence: 0 });
    expect(detectLanguage("2025", "12.03 — 14:00, 8 (7172) 74-00-00")).toEqual({ language: "und", confidence: 0 });
    const tie = detectLanguage("Үкімет отырысы", "");
    expect(tie.language).toBe("und");
    expect(tie.confidence).toBeLessThan(minimumConfidence);
  });
});

const rss = ministryRss;

const byRef = (entries: UpstreamEntry[]) =>
  Object.fromEntries(entries.flatMap((entry) => ("release" in entry ? [[entry.ref, entry]] : [])));

const kazakh = {
  title: "Денсаулық сақтау министрлігі тұмау ауруының өсуі туралы ескертеді",
  text: "Елімізде жіті респираторлық вирустық инфекциялармен сырқаттанушылар саны артты. Министрлік азаматтарды екпе алуға шақырады.",
};
const kyrgyz = {
  title: "Айыл чарба министрлиги фермерлерге жеңилдетилген насыя берүүнү баштады",
  text: "Насыялар жылдык 6 пайыз менен беш жылга берилет. Арыздар райондук администрациялар аркылуу кабыл алынат.",
};
const russian = {
  title: "О мерах по обеспечению безопасности на водоемах в период весеннего паводка",
  text: "Министерство по чрезвычайным ситуациям напоминает жителям области о запрете выхода на лед.",
};

describe("pulled entries and their language", () => {
  it("detects the language of items whose feed declares none, marked languageSource detected; keeps the rest as und", () => {
    const entries = byRef(
      entriesOfFeed(
        rss(undefined, [
          { guid: "kk-1", ...kazakh },
          { guid: "ky-1", ...kyrgyz },
          { guid: "short-1", title: "Анонс", text: "12.03" },
        ]),
        {},
      ),
    );
    expect(entries["kk-1"]).toMatchObject({
      release: { language: "kk", languageSource: "detected" },
      language: { kind: "detected", detected: "kk" },
    });
    expect(entries["ky-1"]).toMatchObject({ release: { language: "ky", languageSource: "detected" } });
    expect(entries["short-1"]).toMatchObject({
      release: { language: "und", languageSource: "detected" },
      language: { kind: "undetermined" },
    });
  });

  it("keeps a declared language, and notes when a confident detection contradicts it (a Kazakh page marked ru)", () => {
    const entries = byRef(
      entriesOfFeed(
        rss("ru", [
          { guid: "kk-as-ru", ...kazakh },
          { guid: "ru-1", ...russian },
        ]),
        {},
      ),
    );
    expect(entries["kk-as-ru"]).toMatchObject({
      release: { language: "ru" },
      language: { kind: "mismatch", declared: "ru", detected: "kk" },
    });
    expect(entries["kk-as-ru"]!.release.languageSource).toBeUndefined();
    expect(entries["ru-1"]!.language).toBeUndefined();
  });

  it("leaves a declared language outside the detectable ones alone (detection cannot say German)", () => {
    const entries = byRef(
      entriesOfFeed(
        rss("de", [
          { guid: "de-1", title: "Pressemitteilung", text: "Das Ministerium teilt mit, dass die Sitzung stattfand." },
        ]),
        {},
      ),
    );
    expect(entries["de-1"]).toMatchObject({ release: { language: "de" } });
    expect(entries["de-1"]!.language).toBeUndefined();
  });
});
