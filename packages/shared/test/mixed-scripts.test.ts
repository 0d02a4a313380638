import { describe, expect, it } from "vitest";
import { unmixScripts } from "@gazette/shared";

describe("unmixScripts: words mixing Latin and Cyrillic look-alikes, as pasted text has them", () => {
  it.each([
    ["a Cyrillic Т and о inside English words", "Тhe Ministry of Fоreign Affairs", "The Ministry of Foreign Affairs"],
    ["a Latin o inside a Russian name", "Тoкаев встретился с послом", "Токаев встретился с послом"],
    [
      "a word of look-alikes only follows the text around it",
      "Визит Президента Тoкаева: оfficial visit to Japan",
      "Визит Президента Токаева: official visit to Japan",
    ],
    ["a Latin a in a Kazakh word", "Үкімет отырысындa", "Үкімет отырысында"],
    ["a Latin e and a in Russian", "Министерство eнергетики Кaзахстана", "Министерство енергетики Казахстана"],
    ["a Latin y in a Russian word (у)", "yправление", "управление"],
  ])("%s", (_name, pasted, expected) => {
    expect(unmixScripts(pasted)).toBe(expected);
  });

  it("leaves words in one script, and text in two scripts word by word, alone", () => {
    const text = "Министр Ерлан Карин (Yerlan Karin) провёл встречу с CEO компании «Air Astana» в Астане";
    expect(unmixScripts(text)).toBe(text);
  });
});
