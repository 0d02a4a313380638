import { describe, expect, it } from "vitest";
import { fullTextQuery } from "../src/read/search/full-text-query.ts";
import { officialAbbreviations } from "../src/read/search/official-abbreviations.ts";
import {
  analysisLanguageOfForm,
  expandForLanguage,
  synonymSpans,
  typedFormLanguage,
} from "../src/read/search/query-synonyms.ts";

const fieldsOf = analysisLanguageOfForm;

const entries = officialAbbreviations.flatMap((group) =>
  group.forms.map(([language, text]) => ({ concept: group.concept, language, text, group })),
);

describe("official abbreviations as query synonyms (pure; issue 31)", () => {
  it.each(entries.map((entry) => [entry.concept, entry.language, entry.text, entry] as const))(
    "%s: «%s» %s finds the group's other forms",
    (_concept, _language, text, entry) => {
      const spans = synonymSpans(text);
      expect(spans).toHaveLength(1);
      expect(spans[0]!.group).toBe(entry.group);
      // In each language's fields, the query holds what it typed and (some of) the group's forms there.
      for (const fields of ["ru", "kk", "en"] as const) {
        const expanded = expandForLanguage(spans, fields).toLocaleLowerCase("ru");
        const there = entry.group.forms.filter(([language]) => fieldsOf[language] === fields);
        expect(expanded).toContain(text.toLocaleLowerCase("ru").split(" ")[0]!);
        for (const [, form] of there.slice(0, 8)) expect(expanded).toContain(form.toLocaleLowerCase("ru"));
      }
    },
  );

  it("has no abbreviation in two groups, and no group without a form in Russian, Kazakh and English", () => {
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const { concept, text } of entries) {
      const key = text.toLocaleLowerCase("ru").replaceAll("ё", "е");
      if (owner.has(key) && owner.get(key) !== concept) twice.push(`${text}: ${owner.get(key)} and ${concept}`);
      owner.set(key, concept);
    }
    expect(twice).toEqual([]);
    expect(
      officialAbbreviations
        .filter((group) => !["ru", "kk", "en"].every((language) => group.forms.some(([l]) => l === language)))
        .map((group) => group.concept),
    ).toEqual([]);
  });

  it("matches a name in another case form, and leaves words that only look like abbreviations", () => {
    expect(synonymSpans("Министерства иностранных дел Казахстана")[0]!.group?.concept).toMatch(/Foreign Affairs/);
    expect(synonymSpans("Организации Объединенных Наций")[0]!.group?.concept).toBe("United Nations");
    expect(synonymSpans("мид")[0]!.group?.concept).toMatch(/Foreign Affairs/);
    // Latin abbreviations and two-letter ones only in capitals: `un`, `who`, `ес` (Kazakh "mind") are words.
    for (const word of ["un", "who", "ес", "рк", "cis"]) expect(synonymSpans(word)[0]!.group).toBeUndefined();
    // A quoted query is matched as typed.
    expect(synonymSpans('"МИД РК"').every((span) => span.group === undefined)).toBe(true);
    // An excluded word is not expanded.
    expect(synonymSpans("-МИД")[0]!.group).toBeUndefined();
  });

  it("says which language an abbreviation was typed in, when the query's agree", () => {
    expect(typedFormLanguage(synonymSpans("MFA"))).toBe("en");
    expect(typedFormLanguage(synonymSpans("ҚР СІМ"))).toBe("kk");
    expect(typedFormLanguage(synonymSpans("МИД ҚР"))).toBeUndefined();
    expect(typedFormLanguage(synonymSpans("паводки"))).toBeUndefined();
  });

  it("keeps the whole query under OpenSearch's 1,024 clauses: beyond its budget a query is matched as typed", () => {
    const clauses = (query: object) => JSON.stringify(query).split('"simple_query_string"').length - 1;
    const many = "МИД РК ООН СНГ ШОС ЕАЭС ОБСЕ ОДКБ МВД ВОЗ США ЕС UN CIS SCO EAEU OSCE CSTO WHO EU";
    const expanded = JSON.stringify(fullTextQuery(many));
    expect(expanded).not.toContain("министерство иностранных дел");
    expect(JSON.stringify(fullTextQuery("МИД"))).toContain('\\"Министерство иностранных дел\\"');
    expect(clauses(fullTextQuery("МИД"))).toBe(8);
    // Four groups do not fit with eight forms each: each keeps fewer, rather than none.
    const four = JSON.stringify(fullTextQuery("МИД РК ООН СНГ"));
    expect(four).toContain("(МИД | ");
    expect(four).toContain("(СНГ | ");
    expect(four).not.toContain('\\"Foreign Minister\\"');
    expect(JSON.stringify(fullTextQuery("МИД"))).toContain('\\"Foreign Minister\\"');
  });
});
