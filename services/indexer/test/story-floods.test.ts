import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOpenSearchClient, type OpenSearchClient, type ReleaseDocument } from "@gazette/shared";
import { ensureReleaseIndex } from "../src/index/index-setup.ts";
import { releaseToDocument } from "../src/index/release-presenter.ts";
import { StoryAssigner } from "../src/stories/story-assigner.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { dropReleaseIndex, writeDocuments } from "../../../test/support/release-index.ts";

/**
 * A ministry's archive: every release ends in the same long press-service footer, so most releases
 * share signature bands with most others (the footer's shingles hold the minimum of many hash
 * functions). Hundreds of them share a band with any new one; a story pass must still find the one
 * release a copy was made of, not an arbitrary few hundred of the candidates.
 */
const footer =
  "Пресс-служба Министерства здравоохранения Республики Казахстан напоминает, что телефон для справок и " +
  "аккредитации журналистов указан на официальном сайте ведомства, а материалы разрешено использовать " +
  "только со ссылкой на источник и с указанием автора фотографий.";
const cities = ["Актобе", "Караганде", "Павлодаре", "Семее", "Таразе", "Костанае", "Уральске", "Кокшетау"];
const routine = (i: number) =>
  `<p>В городе ${cities[i % cities.length]} открыта поликлиника № ${i + 1} на ${200 + i} посещений в смену.</p><p>${footer}</p>`;

const routineCount = 260;

describe("story passes over an archive whose releases share a footer (real OpenSearch)", () => {
  const alias = uniqueNames("story-floods").OPENSEARCH_INDEX;
  let client: OpenSearchClient;
  const documentOf = (externalId: string, body: string, publishedAt: string, publisher = "mz-kz") =>
    releaseToDocument(
      releaseEvent({
        externalId,
        publisher,
        release: { language: "ru", title: `Новости здравоохранения ${externalId}`, body, publishedAt },
      }),
    );
  const original = documentOf(
    "mz-original",
    `<p>В Шымкенте министр здравоохранения Ахмет Бейсенов открыл детский реабилитационный центр на 120 мест, построенный за 18 месяцев по программе модернизации первичной помощи; первые пациенты поступят в понедельник.</p><p>${footer}</p>`,
    "2026-03-02T09:00:00Z",
  );

  beforeAll(async () => {
    client = createOpenSearchClient(inject("opensearchUrl"));
    await ensureReleaseIndex(client, alias);
    // The routine releases first, the original last: in index order it comes after all of them.
    const archive: ReleaseDocument[] = [
      ...Array.from({ length: routineCount }, (_, i) =>
        documentOf(`mz-routine-${i}`, routine(i), new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString()),
      ),
      original,
    ];
    await writeDocuments(client, alias, archive);
  }, 120_000);

  afterAll(async () => {
    await dropReleaseIndex(client, alias);
  });

  it("the archive is what the test says: the copy shares a band with more releases than a pass reads", async () => {
    const copy = agencyCopy();
    const response = await client.count({ index: alias, body: { query: { terms: { storyBands: copy.storyBands } } } });
    expect((response.body as { count: number }).count).toBeGreaterThan(200);
  });

  it("groups an agency's copy with the ministry's original, however many releases share the footer", async () => {
    const assigner = new StoryAssigner(client, alias);
    const plan = await assigner.plan([{ document: agencyCopy(), version: 1 }]);
    expect(plan.documents[0]!.document).toMatchObject({ storyId: original.id, storyCanonical: false });
    expect(plan.rewrites.map(({ document }) => [document.id, document.storyId, document.storyCanonical])).toEqual([
      [original.id, original.id, true],
    ]);
  });

  it("leaves a routine release of the same template its own story", async () => {
    const assigner = new StoryAssigner(client, alias);
    const next = documentOf("mz-routine-next", routine(routineCount + 3), "2026-04-01T09:00:00Z");
    const plan = await assigner.plan([{ document: next, version: 1 }]);
    expect(plan.documents[0]!.document).toMatchObject({ storyId: next.id, storyCanonical: true });
    expect(plan.rewrites).toEqual([]);
  });

  it("plans a batch of updates whose releases leave no band to read by (photo captions, known floods)", async () => {
    // Every routine release again, its text now without bands: more than a pass reads are found by id
    // alone, and no band is left to look for floods among (OpenSearch refuses a terms aggregation of size 0).
    const assigner = new StoryAssigner(client, alias);
    const updates = Array.from({ length: routineCount }, (_, i) => {
      const document = documentOf(
        `mz-routine-${i}`,
        routine(i),
        new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString(),
      );
      return { document: { ...document, storyBands: [] }, version: 2 };
    });
    const plan = await assigner.plan(updates);
    expect(plan.documents).toHaveLength(routineCount);
    expect(plan.documents.every(({ document }) => document.storyId === document.id)).toBe(true);
  });

  /** The original republished by an agency two hours later: dateline and "earlier" line added. */
  function agencyCopy(): ReleaseDocument {
    const text = original.text.ru!.body;
    return documentOf(
      "kazinform-copy",
      `<p>ШЫМКЕНТ. КАЗИНФОРМ — ${text}</p><p>Ранее сообщалось о планах строительства центров в регионах.</p>`,
      "2026-03-02T11:00:00Z",
      "kazinform",
    );
  }
});
