import { describe, expect, it } from "vitest";
import { fleetingVowelForms } from "../src/read/search/fleeting-vowels.ts";
import { expandForLanguage, synonymSpans } from "../src/read/search/query-synonyms.ts";

describe("Russian nouns with a fleeting vowel", () => {
  it("asks a nominative without its vowel, and a case form with it", () => {
    expect(fleetingVowelForms("посол")).toEqual(["посла"]);
    expect(fleetingVowelForms("Посол")).toEqual(["посла"]);
    expect(fleetingVowelForms("послами")).toEqual(["посол", "посел"]);
    expect(fleetingVowelForms("уровень")).toEqual(["уровня"]);
    expect(fleetingVowelForms("уровнем")).toEqual(["уровень"]);
    expect(fleetingVowelForms("ветра")).toEqual(["ветер"]);
  });

  it("asks every case form of a two-letter stem, which the stemmer leaves apart", () => {
    expect(fleetingVowelForms("Дню")).toEqual(expect.arrayContaining(["день", "дня", "днем", "дни", "дней"]));
    expect(fleetingVowelForms("день")).not.toContain("день");
  });

  it("leaves words that cannot have one, hard -на stems and «после» (after) alone", () => {
    for (const word of [
      "кризис",
      "совет",
      "закон",
      "город",
      "страна",
      "окна",
      "после",
      "Норвегии",
      "министерство",
      "Tokyo",
    ])
      expect(fleetingVowelForms(word), word).toEqual([]);
  });

  it("goes into the Russian query, which also leaves out `ко` before a word", () => {
    expect(expandForLanguage(synonymSpans("посол Норвегии"), "ru")).toBe("(посол | посла) Норвегии");
    const day = expandForLanguage(synonymSpans("ко Дню печати"), "ru");
    expect(day.startsWith("(Дню | день |")).toBe(true);
    expect(day.split(/\s+/)).not.toContain("ко");
    // Only Russian leaves it out; alone it stays.
    expect(expandForLanguage(synonymSpans("ко Дню"), "en")).toBe("ко Дню");
    expect(expandForLanguage(synonymSpans("ко"), "ru")).toBe("ко");
  });
});
