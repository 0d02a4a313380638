import { describe, expect, it } from "vitest";
import { hyphenatedNameForms } from "../src/read/search/hyphenated-names.ts";
import { expandForLanguage, synonymSpans } from "../src/read/search/query-synonyms.ts";

describe("hyphenated Russian names in their other cases", () => {
  it("asks a short last part in the other case forms, whichever form was typed", () => {
    expect(hyphenatedNameForms("Чолпон-Ата")).toEqual(["Чолпон-Аты", "Чолпон-Ате", "Чолпон-Ату", "Чолпон-Атой"]);
    expect(hyphenatedNameForms("Чолпон-Ате")).toContain("Чолпон-Ата");
    expect(hyphenatedNameForms("чолпон-атой")).toContain("чолпон-ата");
    expect(hyphenatedNameForms("Алма-Ате")).toContain("Алма-Ата");
  });

  it("leaves other words alone: no hyphen, a long last part, another script", () => {
    for (const word of ["Астана", "Иссык-Куль", "Кара-Балта", "Chol-Ata", "вице-министр", "Улан-Удэ"])
      expect(hyphenatedNameForms(word), word).toEqual([]);
  });

  it("puts the forms in the Russian query only", () => {
    expect(expandForLanguage(synonymSpans("Чолпон-Ата"), "ru")).toBe(
      "(Чолпон-Ата | Чолпон-Аты | Чолпон-Ате | Чолпон-Ату | Чолпон-Атой)",
    );
    expect(expandForLanguage(synonymSpans("Чолпон-Ата"), "kk")).toBe("Чолпон-Ата");
  });
});
