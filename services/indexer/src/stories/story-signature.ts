import xxhash from "xxhash-wasm";
import { primaryLanguageSubtag, unmixScripts } from "@gazette/shared";

/**
 * Near-duplicate text, told by MinHash over word shingles (ADR 0016, ADR 0029). Pure. A release's
 * signature is the minimum, over its shingles, of each of `signatureSize` hash functions; the share of
 * equal positions in two signatures estimates the Jaccard similarity of their shingle sets. A shingle's
 * hash is made of its words' hashes (each distinct word hashed once with xxHash32), not of its text.
 * Locality-sensitive bands (`bandCount` bands of `rowsPerBand` positions) find the candidates: two texts
 * of Jaccard similarity s share at least one band with probability 1 − (1 − s²)^64: s = 0.1: 47 %, 0.2:
 * 93 %, 0.3: 99.8 %. Low on purpose: an excerpt of a long release has a low Jaccard similarity to it
 * (it is small) though the long one holds all of it (containment, what grouping compares).
 */
export const signatureSize = 128;
export const rowsPerBand = 2;
export const bandCount = signatureSize / rowsPerBand;
/** Words per shingle. */
const shingleWords = 3;
/** Which signature a band was made by: bands of another kind of signature never meet these. */
const signatureKind = "s2";

/** xxHash32 (a WebAssembly build of the reference implementation): one word's hash. */
const { h32 } = await xxhash();

/**
 * The words of a release's title and text, as compared: one script per word, case and ё folded,
 * numbers kept. The presenter passes text it has already unmixed (`unmixed`), saving a second pass.
 */
export function storyWords(title: string, bodyText: string, unmixed = false): string[] {
  const text = `${title}\n${bodyText}`;
  return foldWord(unmixed ? text : unmixScripts(text))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}

/** Case, compatibility forms and ё folded, as words are compared. */
const foldWord = (text: string) => text.normalize("NFKC").toLowerCase().replaceAll("ё", "е");

/** fmix32 of MurmurHash3: spreads the bits of a 32-bit value, so each seed gives an independent-looking hash. */
function mix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The word shingles of a text (every run of three words; the words themselves when fewer), each as a
 * 32-bit hash: each distinct word is hashed once, and a shingle's hash mixes its words' hashes in order.
 * Distinct shingles are distinct hashes but for a chance of about n²/2³³ (none in a release of 1,000 words
 * with odds of 1 in 8,600).
 */
export function shingleHashes(words: readonly string[]): Set<number> {
  const wordHash = new Map<string, number>();
  const hashes = words.map((word) => {
    const known = wordHash.get(word);
    if (known !== undefined) return known;
    const value = h32(word);
    wordHash.set(word, value);
    return value;
  });
  const shingles = new Set<number>();
  if (hashes.length > 0 && hashes.length < shingleWords) shingles.add(combine(hashes, 0, hashes.length));
  for (let i = 0; i + shingleWords <= hashes.length; i++) shingles.add(combine(hashes, i, i + shingleWords));
  return shingles;
}

/** An ordered run of word hashes (`hashes[from, to)`, no copy: one a shingle) as one hash (each step mixed, so `a b c` and `b a c` differ). */
function combine(hashes: readonly number[], from: number, to: number): number {
  let h = 0x9e3779b9;
  for (let i = from; i < to; i++) h = mix32((Math.imul(h, 0x01000193) ^ hashes[i]!) >>> 0);
  return h;
}

/**
 * What tells news from news written from one template (a storm warning for another region and day, an
 * appointment of another person): the numbers and the names (capitalised words inside a sentence), as
 * compared words. Republications keep them; routine releases differ in exactly these.
 */
export function storyMarks(title: string, bodyText: string): string[] {
  const marks = new Set<string>();
  for (const sentence of `${title}.\n${bodyText}`.split(/(?<=[.!?…])\s+|\n+/u)) {
    const words = sentence.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== "");
    words.forEach((word, index) => {
      if (/^\p{N}+$/u.test(word) || (index > 0 && /^\p{Lu}\p{Ll}/u.test(word))) marks.add(foldWord(word));
    });
  }
  return [...marks].sort();
}

/**
 * The numbers of a title (`№ 12`, `2025`, `15 марта`): a copy's title never has a number the original
 * does not have somewhere, while a series' titles differ in exactly those (bulletin № 12 and № 13).
 */
export function titleNumbers(title: string): string[] {
  return [...new Set(title.match(/\p{N}+/gu) ?? [])].sort();
}

/** The MinHash signature of these shingle hashes (empty when there are none). */
export function storySignature(shingles: ReadonlySet<number>): number[] {
  if (shingles.size === 0) return [];
  const signature = new Array<number>(signatureSize).fill(0xffffffff);
  for (const shingle of shingles) {
    // Two independent 32-bit hashes of the shingle; hash i is mix(h1 + i·h2) (Kirsch–Mitzenmacher).
    const h1 = shingle;
    const h2 = mix32((shingle ^ 0x5bd1e995) >>> 0);
    for (let i = 0; i < signatureSize; i++) {
      const value = mix32((h1 + Math.imul(i, h2)) >>> 0);
      if (value < signature[i]!) signature[i] = value;
    }
  }
  return signature;
}

/**
 * The signature's LSH bands as index terms, scoped by language and by the kind of signature
 * (`ru.s2.7.1a2b3c4…`): equal bands make candidates.
 */
export function storyBands(language: string, signature: readonly number[]): string[] {
  if (signature.length !== signatureSize) return [];
  const scope = primaryLanguage(language);
  const bands: string[] = [];
  for (let band = 0; band < bandCount; band++) {
    const rows = signature.slice(band * rowsPerBand, (band + 1) * rowsPerBand);
    bands.push(`${scope}.${signatureKind}.${band}.${rows.map((row) => row.toString(16).padStart(8, "0")).join("")}`);
  }
  return bands;
}

/**
 * How much of the smaller text the larger one holds: shared shingles over the smaller's shingles,
 * estimated from the signatures' Jaccard and the two sizes (|A∩B| = J(|A|+|B|)/(1+J)). An excerpt or a
 * republication with an agency's lines added still holds all of the original.
 */
export function containment(a: readonly number[], sizeA: number, b: readonly number[], sizeB: number): number {
  const jaccard = signatureSimilarity(a, b);
  if (jaccard === 0 || sizeA === 0 || sizeB === 0) return 0;
  return Math.min(1, (jaccard * (sizeA + sizeB)) / (1 + jaccard) / Math.min(sizeA, sizeB));
}

/** The share of the fewer marks found among the other's (1 when either has none: nothing tells them apart). */
export function marksAgreement(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 1;
  const [fewer, more] = a.length <= b.length ? [a, new Set(b)] : [b, new Set(a)];
  return fewer.filter((mark) => more.has(mark)).length / fewer.length;
}

/** Estimated Jaccard similarity of two signatures' shingle sets (0 when either is missing). */
export function signatureSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== signatureSize || b.length !== signatureSize) return 0;
  let equal = 0;
  for (let i = 0; i < signatureSize; i++) if (a[i] === b[i]) equal++;
  return equal / signatureSize;
}

export const primaryLanguage = primaryLanguageSubtag;
