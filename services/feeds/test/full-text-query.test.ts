import { describe, expect, it } from "vitest";
import {
  closeCorrection,
  correctedQuery,
  fullTextQuery,
  leadingWords,
  maxQueryWords,
  normalizeQuery,
  plainWords,
} from "../src/read/search/full-text-query.ts";
import type { PageFrame } from "../src/portal/page-layout.ts";
import type { SearchResult } from "../src/read/read-model.ts";
import { renderResultsPage } from "../src/portal/portal-page.ts";

describe("the full-text query (pure)", () => {
  it("matches a pasted paragraph by its first words (a hyphenated word counts each part), operators kept", () => {
    const words = Array.from({ length: 60 }, (_, i) => `слово${i}`);
    expect(leadingWords(words.join(" "))).toBe(words.slice(0, maxQueryWords).join(" "));
    expect(
      leadingWords(`"${words.slice(0, 3).join(" ")}" -${words[3]} ${words.slice(4).join(" ")}`).split(" "),
    ).toHaveLength(maxQueryWords);
    // Alma-Ata-style compounds: the token that would go past the bound is left out whole.
    const compounds = Array.from({ length: 8 }, (_, i) => `часть${i}-еще${i}-и${i}`).join(" ");
    expect(leadingWords(compounds).split(" ")).toHaveLength(6);
    // One token of more parts than the bound is cut after its last allowed part.
    const chain = Array.from({ length: 30 }, (_, i) => `p${i}`).join("-");
    expect(leadingWords(chain)).toBe(Array.from({ length: maxQueryWords }, (_, i) => `p${i}`).join("-"));
    expect(leadingWords("  водоснабжение   сел  ")).toBe("водоснабжение сел");
  });

  it("asks each language on its own fields, every word within one language, the best language winning", () => {
    const query = fullTextQuery("реабилитации и реинтеграции") as {
      bool: {
        must: [
          {
            dis_max: {
              queries: { bool: { must: [{ simple_query_string: { fields: string[]; default_operator: string } }] } }[];
            };
          },
        ];
      };
    };
    const languages = query.bool.must[0].dis_max.queries.map((clause) => clause.bool.must[0].simple_query_string);
    expect(languages).toHaveLength(4);
    for (const clause of languages) {
      expect(clause.default_operator).toBe("and");
      const prefixes = new Set(clause.fields.map((field) => field.split(".").slice(0, 2).join(".")));
      expect(prefixes.size).toBe(1);
    }
    expect(languages.map((clause) => clause.fields[0])).toEqual([
      "text.ru.title^3",
      "text.en.title^3",
      "text.kk.title^3",
      "text.other.title^3",
    ]);
  });

  it("boosts the query as a phrase of the title, and the exact title above all", () => {
    const text = JSON.stringify(fullTextQuery("Министр иностранных дел"));
    expect(text).toContain('"match_phrase":{"text.ru.title":{"query":"Министр иностранных дел","slop":1,"boost":6}}');
    expect(text).toContain('"term":{"title.raw":{"value":"Министр иностранных дел","boost":10}}');
    // One word: no phrase clauses.
    expect(JSON.stringify(fullTextQuery("Министр"))).not.toContain("match_phrase");
  });

  it("normalises pasted text (NFC, one script per word) and strips operators for phrases", () => {
    expect(normalizeQuery("Тoкаев ")).toBe("Токаев");
    expect(normalizeQuery("Sa\u0303o Paulo")).toBe("São Paulo");
    expect(plainWords('"реабилитации и" -Жусан реинтеграц* | (климат)')).toBe("реабилитации и реинтеграц климат");
  });

  it("builds the did-you-mean query from the suggester's entries, or nothing when there is nothing to correct", () => {
    const entries = [
      { text: "посолом", offset: 10, length: 7, options: [{ text: "послом", score: 0.8, freq: 3 }] },
      { text: "японии", offset: 18, length: 6, options: [] },
    ];
    expect(correctedQuery("встреча с посолом японии", entries)).toBe("встреча с послом японии");
    expect(correctedQuery("встреча", [{ text: "встреча", offset: 0, length: 7, options: [] }])).toBeUndefined();
  });
});

describe("the portal's did you mean", () => {
  const result = {
    total: 0,
    hits: [],
    facets: { publisher: [], language: [], tag: [], month: [] },
    suggestion: "землетрясение",
  };

  const renderResults = (query: { q: string; lang?: string }, found: SearchResult) => {
    const frame: PageFrame = {
      language: "en",
      explicit: false,
      publicBaseUrl: "http://localhost:8080",
      path: "/",
      query,
    };
    return renderResultsPage(
      frame,
      query,
      found,
      (id) => id,
      20,
      (tag) => tag,
    );
  };

  it("links the corrected query, keeping the filters", () => {
    const html = renderResults({ q: "землятресение", lang: "ru" }, result);
    expect(html).toContain(
      'Did you mean <a href="http://localhost:8080/?q=%D0%B7%D0%B5%D0%BC%D0%BB%D0%B5%D1%82%D1%80%D1%8F%D1%81%D0%B5%D0%BD%D0%B8%D0%B5&amp;lang=ru">землетрясение</a>?',
    );
  });

  it("says nothing of the kind without a suggestion", () => {
    const { suggestion: _none, ...plain } = result;
    expect(renderResults({ q: "x" }, plain)).not.toContain("Did you mean");
  });
});

describe("answering a correction in the query's place (pure; issue 31)", () => {
  it("answers a correction one edit away (two for long words), and only suggests a farther one", () => {
    expect(closeCorrection("Tokayv", "tokayev")).toBe(true);
    expect(closeCorrection("Dushnbe", "dushanbe")).toBe(true);
    expect(closeCorrection("реинтеграцыя", "реинтеграции")).toBe(true);
    expect(closeCorrection("встреча с посолом Японии", "встречи с послом Японии")).toBe(true);
    expect(closeCorrection("Tokayev Paris", "Tokayev part")).toBe(false);
    expect(closeCorrection("паводкка", "паводка")).toBe(true);
    expect(closeCorrection("a b", "a")).toBe(false);
    // One edit of a word under five letters is another word too often: suggested, not answered.
    expect(closeCorrection("бару", "баку")).toBe(false);
    expect(closeCorrection("бару Астана", "бару астана")).toBe(true);
  });
});
