import { describe, expect, it } from "vitest";
import { interfaceLanguageOf, languageName, readableDate, resultCount } from "../src/portal/interface-language.ts";

describe("the portal's interface language (pure)", () => {
  it("takes ?hl= first, then Accept-Language, else English (also for fetch's `*`)", () => {
    expect(interfaceLanguageOf("kk", "ru-RU,ru;q=0.9")).toEqual({ language: "kk", explicit: true });
    expect(interfaceLanguageOf("de", "ru-RU,ru;q=0.9")).toEqual({ language: "ru", explicit: false });
    expect(interfaceLanguageOf(undefined, "kk-KZ,kk;q=0.9,ru;q=0.8")).toEqual({ language: "kk", explicit: false });
    expect(interfaceLanguageOf(undefined, "de-DE,en;q=0.5")).toEqual({ language: "en", explicit: false });
    expect(interfaceLanguageOf(undefined, "uz-UZ")).toEqual({ language: "en", explicit: false });
    expect(interfaceLanguageOf(undefined, "*")).toEqual({ language: "en", explicit: false });
    expect(interfaceLanguageOf(undefined, undefined)).toEqual({ language: "en", explicit: false });
    expect(interfaceLanguageOf(["ru", "kk"], undefined).language).toBe("en");
  });

  it("writes dates as readers of each language do, on the calendar of the offset the release was published with", () => {
    // 02:00 on 1 January in Astana is still 31 December in UTC: the release says 1 January.
    expect(readableDate("2026-01-01T02:00:00+05:00", "ru")).toBe("1 января 2026 г.");
    expect(readableDate("2026-01-01T02:00:00+05:00", "en")).toBe("1 January 2026");
    expect(readableDate("2026-01-01T02:00:00+05:00", "kk")).toMatch(/2026/);
    expect(readableDate("2026-01-01T10:00:00Z", "en")).toBe("1 January 2026");
    expect(readableDate("not a date", "en")).toBe("not a date");
  });

  it("counts results with each language's plural", () => {
    expect([1, 2, 5, 21, 1000].map((n) => resultCount(n, "ru"))).toEqual([
      "1 результат",
      "2 результата",
      "5 результатов",
      "21 результат",
      "1\u00a0000 результатов",
    ]);
    expect([1, 2].map((n) => resultCount(n, "en"))).toEqual(["1 result", "2 results"]);
    expect(resultCount(3, "kk")).toBe("3 нәтиже");
  });

  it("names languages in the interface's language", () => {
    expect(languageName("kk", "ru")).toBe("Казахский");
    expect(languageName("ru", "en")).toBe("Russian");
    expect(languageName("und", "en")).toBe("Language undetermined");
    expect(languageName("und", "kk")).toBe("Тілі анықталмаған");
    expect(languageName("en", "kk")).toMatch(/^Ағылшын/);
  });
});
