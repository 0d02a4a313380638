import { describe, expect, it } from "vitest";
import { placeNames, placeOf, placeQueryTerms, placeStem } from "../src/read/search/place-names.ts";
import { expandForLanguage, synonymSpans, transliteratedForLanguage } from "../src/read/search/query-synonyms.ts";

describe("places whose names differ between languages (exonyms)", () => {
  it("knows each name of each place as that place, and no stem as two places", () => {
    for (const place of placeNames)
      for (const [language, name] of place.names) expect(placeOf(name)?.place, `${language} ${name}`).toBe(place.place);
    const owners = new Map<string, string>();
    for (const place of placeNames)
      for (const [, name] of place.names) {
        const { stem } = placeStem(name);
        expect(owners.get(stem) ?? place.place, stem).toBe(place.place);
        owners.set(stem, place.place);
      }
  });

  it("takes a name in its case forms, and not a longer word that begins like it", () => {
    expect(placeOf("Японии")?.place).toBe("Japan");
    expect(placeOf("Жапонияның")?.place).toBe("Japan");
    expect(placeOf("Japanese")?.place).toBe("Japan");
    expect(placeOf("Китая")?.place).toBe("China");
    expect(placeOf("Брюсселе")?.place).toBe("Brussels");
    for (const word of ["коренные", "franchise", "чиновник", "indigenous", "Китайгородский"])
      expect(placeOf(word), word).toBeUndefined();
  });

  it("asks the other names by their stems as prefixes, a short name whole", () => {
    const japan = placeOf("Japan")!;
    expect(placeQueryTerms(japan, ["ru"])).toEqual(["япони*"]);
    expect(placeQueryTerms(placeOf("Korea")!, ["ru"])).toEqual(["корея*"]);
    expect(placeQueryTerms(placeOf("Франция")!, ["en"])).toEqual(["france*"]);
    expect(placeQueryTerms(placeOf("Турция")!, ["en"])).toEqual(["türkiye*", "turkey*"]);
    expect(placeQueryTerms(japan, ["kk"])).toEqual(["жапони*"]);
    expect(placeQueryTerms(placeOf("China")!, ["tg"])).toEqual(["чин"]);
  });

  it("puts them in the words query of each language, for names only", () => {
    expect(transliteratedForLanguage(synonymSpans("Japan"), "ru")).toContain("япони*");
    expect(transliteratedForLanguage(synonymSpans("Japan"), "kk")).toContain("жапони*");
    expect(transliteratedForLanguage(synonymSpans("Японии"), "en")).toContain("japan*");
    // Lower case inside a phrase is not a name: «корея» as a word of a sentence stays as typed.
    expect(transliteratedForLanguage(synonymSpans("встреча в японии сегодня"), "en") ?? "").not.toContain("japan");
    // The stemmed query is not touched.
    expect(expandForLanguage(synonymSpans("Japan"), "ru")).toBe("Japan");
  });
});

describe("a place named with a Turkic case ending that begins with a consonant", () => {
  it("is the place after the whole name, in Kazakh, Kyrgyz and Uzbek", () => {
    for (const word of [
      "Afgʻonistonda",
      "Afg'onistondan",
      "Afgʻonistonning",
      "Ауғанстанға",
      "Ауғанстанның",
      "Қытайдың",
      "Қытайға",
      "Xitoyda",
      "Xitoyga",
      "Афганистандан",
      "Ирандағы",
    ])
      expect(placeOf(word)?.place, word).toBeDefined();
    expect(placeOf("Afgʻonistonda")?.place).toBe("Afghanistan");
    expect(placeOf("Қытайдың")?.place).toBe("China");
  });

  it("is not a place after a stem cut before its vowel, nor with a longer tail", () => {
    // «Япон» + «да» is no case form of «Япония»; a word that merely begins with a name is not the name.
    for (const word of ["Япондар", "Турксиб", "Ирандалар", "Қытайдағылардың", "Иранбек"])
      expect(placeOf(word), word).toBeUndefined();
  });
});
