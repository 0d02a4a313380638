import { describe, expect, it } from "vitest";
import { analysisLanguageOf, primaryLanguageSubtag } from "../src/index.ts";

describe("language tags (pure)", () => {
  it("takes a BCP 47 tag's primary language subtag, lower case, and its analysis chain", () => {
    expect(["ru-RU", "KK", "uz-Latn-UZ", "en", ""].map(primaryLanguageSubtag)).toEqual(["ru", "kk", "uz", "en", ""]);
    expect(["ru-RU", "kk", "EN-gb", "uz-Cyrl", "und"].map(analysisLanguageOf)).toEqual([
      "ru",
      "kk",
      "en",
      "other",
      "other",
    ]);
  });
});
