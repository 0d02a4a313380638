import { describe, expect, it } from "vitest";
import { preferredLanguage } from "../src/read/search/query-language.ts";

describe("the language a reader wants first (pure; issue 31, item 5)", () => {
  it("reads it from the query's letters when they say it, else from the reader's language", () => {
    expect(preferredLanguage("Тоқаев", "ru")).toBe("kk");
    expect(preferredLanguage("Токаев", "ru")).toBe("ru");
    expect(preferredLanguage("Токаев", "kk")).toBe("kk");
    expect(preferredLanguage("Токаев", "en")).toBe("ru");
    expect(preferredLanguage("Токаев")).toBe("ru");
    expect(preferredLanguage("Tokayev", "ru")).toBe("en");
    expect(preferredLanguage("O'zbekiston", "en")).toBe("uz");
    expect(preferredLanguage("Ўзбекистон")).toBe("uz");
    expect(preferredLanguage("вазорати корҳои хориҷӣ")).toBe("tg");
    expect(preferredLanguage("өкүлү", "ky")).toBe("ky");
    expect(preferredLanguage("өнер")).toBe("kk");
    expect(preferredLanguage("2024", "kk")).toBe("kk");
  });
});
