import type { OpenSearchClient } from "@gazette/shared";

/**
 * Each word's token by one analyzer of an index (or "", a stop word), in order: the words are sent as
 * texts of 2,000 (letters only, so one token each), and a token's position is its word's index.
 */
export async function tokensOfWords(
  client: OpenSearchClient,
  index: string,
  analyzer: string,
  words: readonly string[],
): Promise<string[]> {
  const tokens: string[] = [];
  for (let start = 0; start < words.length; start += 2000) {
    const chunk = words.slice(start, start + 2000);
    const response = await client.indices.analyze({ index, body: { analyzer, text: chunk.join(" ") } });
    const byWord = new Map<number, string>();
    for (const token of (response.body.tokens ?? []) as { token: string; position: number }[])
      byWord.set(token.position, token.token);
    for (let i = 0; i < chunk.length; i++) tokens.push(byWord.get(i) ?? "");
  }
  return tokens;
}

/** The words of a text, lower-cased (letters only). */
export function wordsOfText(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length > 0);
}
