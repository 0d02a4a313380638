import { describe, expect, it } from "vitest";
import { lightStems } from "../src/read/search/light-stemmer.ts";
import { expandForLanguage, synonymSpans } from "../src/read/search/query-synonyms.ts";

describe("the light stemmer of Uzbek, Kyrgyz and Tajik query words (pure; issue 31, item 3)", () => {
  it.each([
    // Uzbek, Latin: plural, possessive, case
    ["elchilar", "elchi"],
    ["loyihalarini", "loyiha"],
    ["vazirlari", "vazir"],
    ["hamkorlikni", "hamkorlik"],
    // Uzbek, Cyrillic
    ["йиғилишлар", "йиғилиш"],
    ["Президентининг", "президент"],
    // Kyrgyz, by vowel harmony
    ["элчилер", "элчи"],
    ["долбоорлордун", "долбоор"],
    ["төрагасына", "төрага"],
    ["фермерлерге", "фермер"],
    // Tajik: plural, izofa, adjectival
    ["сафирон", "сафир"],
    ["вазирони", "вазир"],
    ["хориҷӣ", "хориҷ"],
    ["китобҳо", "китоб"],
    ["намоишгоҳҳо", "намоишгоҳ"],
  ])("%s → %s", (word, stem) => {
    expect(lightStems(word)[0]).toBe(stem);
  });

  it("keeps four letters at least, and a word without endings whole", () => {
    expect(lightStems("корҳои")).toEqual(["корҳо"]);
    expect(lightStems("кызматташтык")).toEqual(["кызматташтык"]);
    expect(lightStems("Бишкек")).toEqual(["бишкек"]);
  });

  it("matches the stems as prefixes in the unstemmed fields only, and leaves short words and operators alone", () => {
    expect(expandForLanguage(synonymSpans("долбоорлордун"), "other")).toBe("(долбоорлордун | долбоор*)");
    expect(expandForLanguage(synonymSpans("долбоорлордун"), "ru")).toBe("долбоорлордун");
    expect(expandForLanguage(synonymSpans("лоиҳа"), "other")).toBe("(лоиҳа | лоиҳа*)");
    expect(expandForLanguage(synonymSpans("кор -сафирон"), "other")).toBe("кор -сафирон");
  });
});
