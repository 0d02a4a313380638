import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOpenSearchClient, type OpenSearchClient } from "@gazette/shared";
import { analysisSettings, russianRegexRuleFilters } from "../src/analysis/index.ts";
import { evalCorpus } from "../../../bench/search-eval/corpus.ts";
import { evalQueries } from "../../../bench/search-eval/queries.ts";
import { corpusRelease } from "../../../bench/corpus.ts";
import { languageSamples, hardSamples } from "../../../bench/language-eval/samples.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { tokensOfWords, wordsOfText } from "./analyzed-tokens.ts";

/**
 * The analysis plugin's Russian filters (`gazette_surname_ending`, `gazette_fleeting_vowel`; ADR 0030)
 * against the `pattern_replace` filters they replace (the same rules as regular expressions, layout 8
 * and before): every word of the corpora's Russian texts and queries, forms made with the surname rule's
 * own endings and with fleeting vowels, and random words over the letters the rules read get the same
 * token from both chains, stemmed and folded.
 */
describe("the analysis plugin's Russian surname and fleeting-vowel filters (real OpenSearch)", () => {
  const index = `${uniqueNames("ru-plugin").OPENSEARCH_INDEX}-equivalence`;
  let client: OpenSearchClient;
  const regexFilters = Object.fromEntries(
    Object.entries(russianRegexRuleFilters()).map(([name, filter]) => [`regex_${name}`, filter]),
  );

  beforeAll(async () => {
    client = createOpenSearchClient(inject("opensearchUrl"));
    const settings = analysisSettings() as {
      char_filter: object;
      filter: Record<string, { type?: string }>;
      analyzer: Record<string, { filter: string[] }>;
    };
    // The plugin's filters are really in the chains compared (not the same regular expressions twice).
    expect(settings.filter["gazette_ru_surname"]?.type).toBe("gazette_surname_ending");
    expect(settings.filter["gazette_ru_fleeting_vowel"]?.type).toBe("gazette_fleeting_vowel");
    const asRegex = (filters: string[]) =>
      filters.map((name) => (`regex_${name}` in regexFilters ? `regex_${name}` : name));
    const analyzer = { ...settings.analyzer };
    for (const name of ["gazette_ru", "gazette_ru_folded"]) {
      expect(settings.analyzer[name]!.filter).toEqual(
        expect.arrayContaining(["gazette_ru_surname", "gazette_ru_fleeting_vowel"]),
      );
      analyzer[`regex_${name}`] = { ...settings.analyzer[name]!, filter: asRegex(settings.analyzer[name]!.filter) };
      analyzer[`without_${name}`] = {
        ...settings.analyzer[name]!,
        filter: settings.analyzer[name]!.filter.filter((filter) => !(`regex_${filter}` in regexFilters)),
      };
    }
    const analysis = { ...settings, filter: { ...settings.filter, ...regexFilters }, analyzer };
    await client.indices.create({ index, body: { settings: { analysis } } as never });
  }, 60_000);

  afterAll(async () => {
    await client?.indices.delete({ index }).catch(() => undefined);
    await client?.close();
  });

  function wordsToCompare(): string[] {
    const words = new Set<string>();
    const add = (text: string) => {
      for (const word of wordsOfText(text)) words.add(word);
    };
    for (const release of evalCorpus) if (release.language === "ru") add(`${release.title} ${release.body}`);
    for (const query of evalQueries) add(query.q);
    for (const sample of [...languageSamples, ...hardSamples])
      if (sample.language === "ru") add(`${sample.title} ${sample.text}`);
    for (let i = 0; i < 300; i += 3) {
      const release = corpusRelease(i);
      add(`${release.title} ${release.body}`);
    }
    let seed = 31;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const stems = [...words].filter((word) => /^[а-яё]+$/u.test(word)).slice(0, 600);
    // Surnames and adjectives in -ов/-ев with each ending, on stems of every length (ов, лов, слов…).
    const endings = ["", "а", "у", "ы", "е", "ым", "ом", "ой", "ых", "ыми", "ая", "ое", "ую", "ые", "ого", "ому"];
    for (const stem of [...stems, "л", "сл", "ков", "ев", "ов", "токаев", "львов"])
      for (const marker of ["ов", "ев"])
        for (const ending of endings) if (next(4) === 0) words.add(stem + marker + ending);
    for (const stem of ["", "л", "сл", "ков", "льв", "ев"])
      for (const marker of ["ов", "ев"]) for (const ending of endings) words.add(stem + marker + ending);
    // Fleeting vowels: a consonant, о/е/ё, к/ц after stems of every length (ок, док, ходок, конец).
    const consonants = "бвгджзклмнпрстфхцчшщ";
    for (const stem of ["", "п", "па", "пав", "паво", ...stems.slice(0, 200)])
      for (const vowel of "оеёаиу")
        for (const final of "кцт") words.add(stem + consonants[next(consonants.length)]! + vowel + final);
    // Random words over the letters the rules read, three to nine letters.
    const letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяовекц";
    for (let n = 0; n < 6000; n++) {
      let word = "";
      for (let k = 0, length = 3 + next(7); k < length; k++) word += letters[next(letters.length)];
      words.add(word);
    }
    return [...words];
  }

  it("gives every word the token the regular-expression filters give it, stemmed and folded", async () => {
    const words = wordsToCompare();
    expect(words.length).toBeGreaterThan(10_000);
    for (const chain of ["gazette_ru", "gazette_ru_folded"]) {
      const fromPlugin = await tokensOfWords(client, index, chain, words);
      const fromRegex = await tokensOfWords(client, index, `regex_${chain}`, words);
      const differences = words
        .map((word, i) => ({ word, plugin: fromPlugin[i], regex: fromRegex[i] }))
        .filter(({ plugin, regex }) => plugin !== regex);
      expect(differences.slice(0, 20), `${chain}: ${differences.length} of ${words.length} words differ`).toEqual([]);
      // The rules do apply: many words get another token than the chain without them gives.
      const withoutRules = await tokensOfWords(client, index, `without_${chain}`, words);
      expect(words.filter((_, i) => fromPlugin[i] !== withoutRules[i]).length).toBeGreaterThan(1500);
    }
  }, 120_000);
});
