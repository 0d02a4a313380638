import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { eventually } from "./support/eventually.ts";

/**
 * Ranking on the real stack: title over summary over body, and among equal matches the newer first.
 * (A release without a summary is summarised by its first 300 characters, so the body match here
 * stands after a long first paragraph.)
 */
describe("search ranking (real ingest → indexer → OpenSearch → feeds)", () => {
  let stack: TestStack;
  const year = 365 * 86_400_000;
  const at = (yearsAgo: number) => new Date(Date.now() - yearsAgo * year).toISOString();
  const lead = "Коллегия рассмотрела исполнение бюджета, кадровые вопросы и план работы на следующий квартал. ".repeat(
    4,
  );
  // Two of each kind, so each field holds the words equally often (per-field IDF does not tip it).
  const releases = [
    {
      externalId: "body-new",
      language: "ru",
      title: "Итоги заседания коллегии министерства",
      body: `<p>${lead}</p><p>Обсуждалось и водоснабжение сёл района.</p>`,
      publishedAt: at(0.1),
    },
    {
      externalId: "body-old",
      language: "ru",
      title: "Коллегия министерства подвела итоги года",
      body: `<p>${lead}</p><p>Затронуто и водоснабжение сёл области.</p>`,
      publishedAt: at(2),
    },
    {
      externalId: "summary-new",
      language: "ru",
      title: "Заседание Правительства",
      summary: "Водоснабжение сёл: новые сроки.",
      body: "<p>Премьер-министр поручил ускорить работу.</p>",
      publishedAt: at(0.15),
    },
    {
      externalId: "summary-old",
      language: "ru",
      title: "Заседание Правительства в регионе",
      summary: "Водоснабжение сёл: план работ.",
      body: "<p>Премьер-министр провёл совещание.</p>",
      publishedAt: at(2.5),
    },
    {
      externalId: "title-old",
      language: "ru",
      title: "Водоснабжение сёл: программа на пять лет",
      body: "<p>Министерство представило программу.</p>",
      publishedAt: at(3),
    },
    {
      externalId: "title-new",
      language: "ru",
      title: "Водоснабжение сёл: итоги первого года",
      body: "<p>Министерство подвело итоги программы.</p>",
      publishedAt: at(0.2),
    },
  ];

  beforeAll(async () => {
    stack = await startTestStack("ranking");
    for (const release of releases) expect((await stack.post(release)).status).toBe(202);
    await eventually(async () => {
      const { total } = (await (
        await fetch(`${stack.feedsUrl}/v1/search?q=${encodeURIComponent("водоснабжение")}`)
      ).json()) as { total: number };
      expect(total, "releases searchable").toBe(releases.length);
    });
  });

  afterAll(() => stack.stop());

  it("ranks a title match above a summary match above a body match, and the newer title first", async () => {
    const answer = (await (
      await fetch(`${stack.feedsUrl}/v1/search?q=${encodeURIComponent("водоснабжение сёл")}`)
    ).json()) as { hits: { title: string }[] };
    const order = answer.hits.map((hit) => releases.find((release) => release.title === hit.title)?.externalId);
    expect(order).toEqual(["title-new", "title-old", "summary-new", "summary-old", "body-new", "body-old"]);
  });

  it("sort=date lists the newest first, whatever the match", async () => {
    const answer = (await (
      await fetch(`${stack.feedsUrl}/v1/search?q=${encodeURIComponent("водоснабжение")}&sort=date`)
    ).json()) as { hits: { title: string }[] };
    expect(answer.hits.map((hit) => releases.find((release) => release.title === hit.title)?.externalId)).toEqual([
      "body-new",
      "summary-new",
      "title-new",
      "body-old",
      "summary-old",
      "title-old",
    ]);
  });
});
