import { describe, expect, it } from "vitest";
import {
  bandCount,
  shingleHashes,
  signatureSimilarity,
  storyBands,
  storySignature,
} from "../src/stories/story-signature.ts";

const words = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe("story signatures made of word hashes", () => {
  it("hashes each run of three words, in order, once", () => {
    expect(shingleHashes(["a", "b", "c", "d"]).size).toBe(2);
    expect(shingleHashes(["a", "b", "c", "a", "b", "c"]).size).toBe(3); // abc, bca, cab, then abc again
    expect([...shingleHashes(["a", "b", "c"])]).not.toEqual([...shingleHashes(["b", "a", "c"])]);
    expect(shingleHashes(["министр", "иностранных"]).size).toBe(1);
    expect(shingleHashes([]).size).toBe(0);
    // Cyrillic words differ by their letters, not only their low bytes.
    expect([...shingleHashes(["а", "б", "в"])]).not.toEqual([...shingleHashes(["б", "а", "в"])]);
  });

  it("estimates the Jaccard similarity of two texts' shingles", () => {
    // Two texts sharing half of their 600 shingles each: Jaccard 300 / 900 = 1/3.
    const shared = words(300, "общий");
    const a = shingleHashes([...shared, ...words(300, "первый")]);
    const b = shingleHashes([...shared, ...words(300, "второй")]);
    const estimate = signatureSimilarity(storySignature(a), storySignature(b));
    expect(estimate).toBeGreaterThan(0.2);
    expect(estimate).toBeLessThan(0.47);
    expect(signatureSimilarity(storySignature(a), storySignature(a))).toBe(1);
    expect(signatureSimilarity(storySignature(a), storySignature(shingleHashes(words(600, "иной"))))).toBeLessThan(
      0.08,
    );
  });

  it("names its bands by language and by the kind of signature, so an older signature's never meet them", () => {
    const bands = storyBands("ru-KZ", storySignature(shingleHashes(words(50, "слово"))));
    expect(bands).toHaveLength(bandCount);
    for (const band of bands) expect(band).toMatch(/^ru\.s2\.\d+\.[0-9a-f]{16}$/);
    expect(storyBands("ru", [])).toEqual([]);
  });
});
