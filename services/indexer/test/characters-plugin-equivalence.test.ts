import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOpenSearchClient, type OpenSearchClient } from "@gazette/shared";
import {
  analysisSettings,
  builtinCharacterFilters,
  characterMappings,
  foldingMappings,
  withBuiltinComponents,
} from "../src/analysis/index.ts";
import { evalCorpus } from "../../../bench/search-eval/corpus.ts";
import { evalQueries } from "../../../bench/search-eval/queries.ts";
import { corpusRelease } from "../../../bench/corpus.ts";
import { languageSamples, hardSamples } from "../../../bench/language-eval/samples.ts";
import { uniqueNames } from "../../../test/support/names.ts";

interface AnalysedToken {
  token: string;
  start_offset: number;
  end_offset: number;
  position: number;
}

interface Analyzer {
  char_filter: string[];
  filter: string[];
}

/**
 * The plugin's character map and ASCII folding (`gazette_char_mapping`, `gazette_ascii_folding`;
 * ADR 0035) against OpenSearch's `mapping` and `asciifolding` they replace: every analyzer of the
 * layout, built both ways in one real index, gives the same tokens, positions and offsets (offsets:
 * what the highlighter marks) for the corpora's texts and queries, for texts made of what the maps
 * read (soft hyphens, apostrophes, ё, the extended letters in both cases), and for every character of
 * Unicode's basic plane between two letters.
 */
describe("the analysis plugin's character map and ASCII folding (real OpenSearch)", () => {
  const index = `${uniqueNames("chars-plugin").OPENSEARCH_INDEX}-equivalence`;
  let client: OpenSearchClient;
  const settings = analysisSettings() as unknown as {
    char_filter: Record<string, { type: string }>;
    filter: Record<string, object>;
    analyzer: Record<string, Analyzer>;
  };
  const analyzers = Object.keys(settings.analyzer);

  beforeAll(async () => {
    client = createOpenSearchClient(inject("opensearchUrl"));
    // The plugin's components are really in the chains compared, and OpenSearch's are in none.
    expect(Object.values(settings.char_filter).map((filter) => filter.type)).toEqual([
      "gazette_char_mapping",
      "gazette_char_mapping",
    ]);
    const chains = Object.values(settings.analyzer);
    expect(settings.filter["gazette_fold_ascii"]).toEqual({ type: "gazette_ascii_folding" });
    expect(chains.filter((chain) => chain.filter.includes("gazette_fold_ascii")).length).toBe(analyzers.length - 1);
    expect(chains.some((chain) => chain.filter.includes("asciifolding"))).toBe(false);
    // OpenSearch's components from the same rules: the two maps' rules are the layout's own.
    expect(builtinCharacterFilters.builtin_characters.mappings).toEqual(characterMappings);
    expect(builtinCharacterFilters.builtin_folding.mappings).toEqual(foldingMappings);
    const analysis = {
      ...settings,
      char_filter: { ...settings.char_filter, ...builtinCharacterFilters },
      analyzer: {
        ...settings.analyzer,
        ...Object.fromEntries(
          analyzers.map((name) => [`builtin_${name}`, withBuiltinComponents(settings.analyzer[name]!)]),
        ),
      },
    };
    await client.indices.create({ index, body: { settings: { analysis } } as never });
  }, 60_000);

  afterAll(async () => {
    await client?.indices.delete({ index }).catch(() => undefined);
    await client?.close();
  });

  async function tokensOf(analyzer: string, text: string): Promise<AnalysedToken[]> {
    const response = await client.indices.analyze({ index, body: { analyzer, text } });
    return ((response.body.tokens ?? []) as AnalysedToken[]).map(({ token, start_offset, end_offset, position }) => ({
      token,
      start_offset,
      end_offset,
      position,
    }));
  }

  /** Every analyzer, both ways, on each text: the differences (none expected), and how many tokens were compared. */
  async function compare(names: readonly string[], texts: readonly string[]) {
    const differences: { analyzer: string; text: string }[] = [];
    let tokens = 0;
    for (const name of names)
      for (const text of texts) {
        const [ours, theirs] = await Promise.all([tokensOf(name, text), tokensOf(`builtin_${name}`, text)]);
        tokens += ours.length;
        if (JSON.stringify(ours) !== JSON.stringify(theirs))
          differences.push({ analyzer: name, text: text.slice(0, 80) });
      }
    return { differences, tokens };
  }

  it("analyses the corpora's texts and queries alike, token for token, offsets included", async () => {
    const texts = [
      ...evalCorpus.map((release) => `${release.title}\n${release.body}`),
      evalQueries.map((query) => query.q).join("\n"),
      ...[...languageSamples, ...hardSamples].map((sample) => `${sample.title}\n${sample.text}`),
      ...[0, 1, 2, 3, 4, 5].map((i) => {
        const release = corpusRelease(i);
        return `${release.title}\n${release.body}`;
      }),
    ];
    const { differences, tokens } = await compare(analyzers, texts);
    expect(differences.slice(0, 10), `${differences.length} analyses differ`).toEqual([]);
    expect(tokens).toBeGreaterThan(50_000);
  }, 300_000);

  it("analyses what the maps and the folding read alike: soft hyphens, apostrophes, ё, extended and accented letters", async () => {
    const texts = [
      "госу\u00ADдарст\u00AD\u00ADвенный \u00ADкомитет\u00AD \u00AD \u00AD\u00AD",
      "\u00AD\u00ADСоглашение подписано\u00AD",
      "Oʻzbekiston O‘zbekiston Oʼzbekiston O’zbekiston O`zbekiston don't l’État ‘quoted’",
      "Ёлка, ёж, Фёдоров, ЁЖИК; Қазақстан ҚАЗАҚСТАН Үкімет ҮКІМЕТ ұлттық Ұлттық өңір ӨҢІР әкім ӘКІМ",
      "Һ һ Ӣ ӣ Ӯ ӯ Ҳ ҳ Ҷ ҷ: Ҳукумати Ҷумҳурии Тоҷикистон, Кыргыз Республикасынын Өкмөтү",
      "São Paulo, Ærøskøbing, Łódź, straße, œuvre, ﬁnance, Ĳssel, ①②③, ＡＢＣ１２３, x² ⁵, Ŧ, ǅ, ẞ",
      "Tashkent\u00AD-based «Uzbekiston»—ʻOʻzbekiston ʼ ‘ ’ ` ' \u00AD",
    ];
    const { differences } = await compare(analyzers, texts);
    expect(differences, `${differences.length} analyses differ`).toEqual([]);
  }, 120_000);

  it("analyses every character of the basic plane alike, between two letters", async () => {
    const words: string[] = [];
    for (let code = 0x80; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue; // a lone surrogate is not text
      words.push(`a${String.fromCharCode(code)}b`);
    }
    const texts: string[] = [];
    for (let start = 0; start < words.length; start += 2000) texts.push(words.slice(start, start + 2000).join(" "));
    // The chains of each kind: the plain map with folding, the folding map with folding, and no folding.
    const { differences, tokens } = await compare(
      ["gazette_folding", "gazette_other_words", "gazette_spelling"],
      texts,
    );
    expect(differences.slice(0, 10), `${differences.length} chunks differ`).toEqual([]);
    expect(tokens).toBeGreaterThan(words.length);
  }, 300_000);
});
