import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOpenSearchClient, type OpenSearchClient } from "@gazette/shared";
import { analysisSettings, extendedCyrillicFolding, kazakhRegexStemmerFilters } from "../src/analysis/index.ts";
import {
  kazakhDistinctLemmas,
  kazakhFreshSet,
  kazakhHeldOutSet,
  kazakhTestSet,
  kazakhThirdSet,
} from "./kazakh-test-set.ts";
import { kazakhReleases } from "../../../bench/search-eval/corpus-kk.ts";
import { corpusRelease } from "../../../bench/corpus.ts";
import { languageSamples, hardSamples } from "../../../bench/language-eval/samples.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { tokensOfWords, wordsOfText } from "./analyzed-tokens.ts";

/**
 * The analysis plugin's Kazakh filters (ADR 0030) against the `pattern_replace` chain they replace (the
 * same rules written as regular expressions, layout 6): every word of the Kazakh test sets, of the
 * corpora's Kazakh texts and of forms made by putting one to three suffixes of the stemmer's own lists
 * on the test sets' lemmas gets the same token from both, in the stemmed and in the folded chain.
 */
describe("the analysis plugin's Kazakh stemmer and folding (real OpenSearch)", () => {
  const index = `${uniqueNames("kk-plugin").OPENSEARCH_INDEX}-equivalence`;
  let client: OpenSearchClient;

  beforeAll(async () => {
    client = createOpenSearchClient(inject("opensearchUrl"));
    const settings = analysisSettings() as {
      char_filter: object;
      filter: Record<string, object>;
      analyzer: Record<string, { filter: string[] }>;
    };
    // The regular-expression chain beside the plugin's: each stage and devoicing as pattern_replace,
    // and the folding as one pattern_replace per plain letter, as layout 6 had them.
    const regexFilters = Object.fromEntries(
      Object.entries(kazakhRegexStemmerFilters())
        .filter(([name]) => name !== "kk_stop")
        .map(([name, filter]) => [`regex_${name}`, filter]),
    );
    const byPlain = new Map<string, string[]>();
    for (const [letter, plain] of Object.entries(extendedCyrillicFolding))
      byPlain.set(plain, [...(byPlain.get(plain) ?? []), letter]);
    const regexFolding = Object.fromEntries(
      [...byPlain].map(([plain, letters]) => [
        `regex_fold_${plain}`,
        { type: "pattern_replace", pattern: `[${letters.join("")}]`, replacement: plain, all: true },
      ]),
    );
    const asRegex = (filters: string[]) =>
      filters.flatMap((name) =>
        name === "gazette_fold_after_stemming"
          ? Object.keys(regexFolding)
          : `regex_${name}` in regexFilters
            ? [`regex_${name}`]
            : [name],
      );
    const analyzer = {
      ...settings.analyzer,
      regex_kazakh: {
        ...settings.analyzer["gazette_kazakh"],
        filter: asRegex(settings.analyzer["gazette_kazakh"]!.filter),
      },
      regex_kazakh_folded: {
        ...settings.analyzer["gazette_kazakh_folded"],
        filter: asRegex(settings.analyzer["gazette_kazakh_folded"]!.filter),
      },
    };
    // The plugin's filters are really in the chains compared (not a chain of the same regexes twice).
    expect(JSON.stringify(settings.filter)).toContain('"type":"gazette_suffix_stage"');
    expect(settings.analyzer["gazette_kazakh_folded"]!.filter).toContain("gazette_fold_after_stemming");
    const analysis = { ...settings, filter: { ...settings.filter, ...regexFilters, ...regexFolding }, analyzer };
    await client.indices.create({ index, body: { settings: { analysis } } as never });
  }, 60_000);

  afterAll(async () => {
    await client?.indices.delete({ index }).catch(() => undefined);
    await client?.close();
  });

  const tokensOf = (analyzer: string, words: readonly string[]) => tokensOfWords(client, index, analyzer, words);

  function wordsToCompare(): string[] {
    const words = new Set<string>();
    const add = (text: string) => {
      for (const word of wordsOfText(text)) words.add(word);
    };
    for (const set of [kazakhTestSet, kazakhHeldOutSet, kazakhFreshSet, kazakhThirdSet])
      for (const { lemma, forms } of set) [lemma, ...forms].forEach(add);
    kazakhDistinctLemmas.flat().forEach(add);
    for (const release of kazakhReleases) add(`${release.title} ${release.body}`);
    for (const sample of [...languageSamples, ...hardSamples])
      if (sample.language === "kk") add(`${sample.title} ${sample.text}`);
    for (let i = 1; i < 300; i += 3) {
      const release = corpusRelease(i);
      add(`${release.title} ${release.body}`);
    }
    // Forms made with the stemmer's own suffixes: one to three on each lemma of the test sets.
    const suffixes = [...JSON.stringify(kazakhRegexStemmerFilters()).matchAll(/[\p{Script=Cyrillic}]+/gu)]
      .map(([suffix]) => suffix)
      .filter((suffix) => suffix.length <= 5);
    const unique = [...new Set(suffixes)];
    const lemmas = [kazakhTestSet, kazakhHeldOutSet, kazakhFreshSet, kazakhThirdSet].flatMap((set) =>
      set.map(({ lemma }) => lemma),
    );
    let seed = 32;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % unique.length;
    };
    for (const lemma of lemmas)
      for (let n = 0; n < 200; n++) {
        let form = lemma;
        for (let k = 0; k <= n % 3; k++) form += unique[next()];
        words.add(form);
      }
    return [...words];
  }

  it("gives every word the token the regular-expression chain gives it, stemmed and folded", async () => {
    const words = wordsToCompare();
    expect(words.length).toBeGreaterThan(10_000);
    for (const [plugin, regex] of [
      ["gazette_kazakh", "regex_kazakh"],
      ["gazette_kazakh_folded", "regex_kazakh_folded"],
    ] as const) {
      const [fromPlugin, fromRegex] = [await tokensOf(plugin, words), await tokensOf(regex, words)];
      const differences = words
        .map((word, i) => ({ word, plugin: fromPlugin[i], regex: fromRegex[i] }))
        .filter(({ plugin, regex }) => plugin !== regex);
      expect(differences.slice(0, 20), `${plugin}: ${differences.length} of ${words.length} words differ`).toEqual([]);
      // The chains do stem: most words lose something.
      expect(words.filter((word, i) => fromPlugin[i] !== "" && fromPlugin[i] !== word).length).toBeGreaterThan(
        words.length / 3,
      );
    }
  }, 120_000);
});
