import { describe, expect, it } from "vitest";
import { kazakhVerbForms, russianVerbForms } from "../src/read/search/verb-forms.ts";

describe("a query verb's other forms (the stemmers leave them apart)", () => {
  it("asks a Russian infinitive in its past and participle, and back", () => {
    expect(russianVerbForms("одобрить")).toEqual(["одобрил", "одобрен"]);
    expect(russianVerbForms("подписать")).toEqual(["подписал", "подписан"]);
    expect(russianVerbForms("одобрило")).toEqual(["одобрить", "одобрен"]);
    expect(russianVerbForms("подписан")).toEqual(["подписать", "подписал"]);
    expect(russianVerbForms("одобрено")).toEqual(["одобрить", "одобрил"]);
  });

  it("keeps a reflexive verb reflexive", () => {
    expect(russianVerbForms("встретиться")).toEqual(["встретился", "встретились", "встретилась"]);
    expect(russianVerbForms("договорились")).toEqual(["договориться", "договорился", "договорилась"]);
  });

  it("leaves short words, other scripts and words that are no verb form alone", () => {
    for (const word of ["канал", "мать", "школа", "Tokayev", "министерство", "соглашение", "2030"])
      expect(russianVerbForms(word), word).toEqual([]);
  });

  it("leaves names alone, and never asks the typed word's own other endings (they would count twice)", () => {
    expect(russianVerbForms("Астана")).toEqual([]);
    expect(russianVerbForms("Казахстана")).toEqual([]);
    expect(russianVerbForms("казахстана")).toEqual(["казахстать", "казахстал"]);
    expect(kazakhVerbForms("Сөйлесу")).toEqual([]);
  });

  it("asks a Kazakh verbal noun in its past, by vowel harmony and voicing, and back", () => {
    expect(kazakhVerbForms("сөйлесу")).toEqual(["сөйлесті"]);
    expect(kazakhVerbForms("талқылау")).toEqual(["талқылады"]);
    expect(kazakhVerbForms("жүргізу")).toEqual(["жүргізді"]);
    expect(kazakhVerbForms("әзірледі")).toEqual(["әзірлеу"]);
    expect(kazakhVerbForms("кездесті")).toEqual(["кездесу"]);
  });

  it("leaves Kazakh roots under four letters alone (бару would add бар, 'there is')", () => {
    expect(kazakhVerbForms("бару")).toEqual([]);
    expect(kazakhVerbForms("келді")).toEqual([]);
    expect(kazakhVerbForms("Astana")).toEqual([]);
  });
});
