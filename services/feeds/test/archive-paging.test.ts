import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOpenSearchClient, type OpenSearchClient, type ReleaseDocument } from "@gazette/shared";
import { ensureReleaseIndex, releaseToDocument } from "@gazette/indexer";
import { OpenSearchReleaseReader } from "../src/read/release-reader.ts";
import type { SearchAfter } from "../src/read/read-model.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { dropReleaseIndex, writeDocuments } from "../../../test/support/release-index.ts";

/**
 * Feed pages walked back through the archive (`before=`), on a real index sorted newest first (layout
 * v5, ADR 0018). Ministries publish several releases in the same minute: pages end in the middle of
 * such a minute, and the next page must start right after, skipping none and repeating none.
 */
describe("archive pages of the index sorted newest first (real OpenSearch)", () => {
  const alias = uniqueNames("archive-paging").OPENSEARCH_INDEX;
  let client: OpenSearchClient;
  // 37 minutes of 7 releases each, written out of order and in several segments.
  const minutes = 37;
  const perMinute = 7;
  const documents: ReleaseDocument[] = [];
  for (let minute = 0; minute < minutes; minute++)
    for (let i = 0; i < perMinute; i++)
      documents.push(
        releaseToDocument(
          releaseEvent({
            externalId: `paging-${minute}-${i}`,
            release: { publishedAt: new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString() },
          }),
        ),
      );

  beforeAll(async () => {
    client = createOpenSearchClient(inject("opensearchUrl"));
    await ensureReleaseIndex(client, alias);
    const shuffled = [...documents].sort((a, b) => (a.id < b.id ? -1 : 1));
    await writeDocuments(client, alias, shuffled, 60);
  }, 60_000);

  afterAll(async () => {
    await dropReleaseIndex(client, alias);
  });

  it("the index keeps the feed order: publishedAt newest first, the id breaking ties", async () => {
    const settings = (await client.indices.getSettings({ index: alias })).body as Record<
      string,
      { settings: { index: { sort?: { field: string[]; order: string[] } } } }
    >;
    expect(Object.values(settings).map(({ settings }) => settings.index.sort)).toEqual([
      { field: ["publishedAt", "id"], order: ["desc", "asc"] },
    ]);
  });

  it("walks every release exactly once, newest first, pages ending inside a minute", async () => {
    const reader = new OpenSearchReleaseReader(client, alias);
    const seen: ReleaseDocument[] = [];
    let after: SearchAfter | undefined;
    let pages = 0;
    for (;;) {
      const page = await reader.latest({}, 50, after);
      seen.push(...page.documents);
      pages++;
      if (page.documents.length < 50 || page.last === undefined) break;
      after = page.last;
    }
    const expected = [...documents].sort((a, b) =>
      a.publishedAt === b.publishedAt ? (a.id < b.id ? -1 : 1) : a.publishedAt < b.publishedAt ? 1 : -1,
    );
    expect(seen.map((document) => document.id)).toEqual(expected.map((document) => document.id));
    // 259 releases in pages of 50: every page but the last ends inside a minute of 7.
    expect(pages).toBe(6);
  });
});
