import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseIdFor } from "@gazette/shared";
import { checkFeed } from "./support/feedcheck.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { eventually } from "./support/eventually.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A ministry's release, as the real sample's kind of text. */
const original = {
  externalId: "mfa-2024-117",
  language: "ru",
  title: "Казахстан и Узбекистан подписали соглашение о вододелении на реке Сырдарья",
  body: "<p>В Ташкенте министр водных ресурсов и ирригации Нуржан Нуржигитов и министр водного хозяйства Узбекистана Шавкат Хамраев подписали соглашение о вододелении на вегетационный период 2024 года.</p><p>Документ определяет объемы попусков из Шардаринского водохранилища и порядок обмена данными гидропостов в реальном времени. Стороны договорились провести следующее заседание межгосударственной комиссии в Астане в октябре.</p>",
  publishedAt: "2024-05-14T10:00:00+05:00",
};
/** The agency's republication: dateline, photo credit, "earlier" line, published two hours later. */
const republication = {
  externalId: "kazinform-88213",
  language: "ru",
  title: "Казахстан и Узбекистан подписали соглашение о вододелении на реке Сырдарья",
  body: `<p>Фото: пресс-служба МВРИ</p><p>ТАШКЕНТ. КАЗИНФОРМ — ${original.body.replace(/<\/?p>/g, " ")}</p><p>Ранее сообщалось, что Глава государства поручил ускорить модернизацию ирригационных каналов.</p>`,
  publishedAt: "2024-05-14T12:00:00+05:00",
};
/** Different news from the same ministry, with the same kind of words. */
const other = {
  externalId: "mfa-2024-118",
  language: "ru",
  title: "Министр водных ресурсов провел встречу с фермерами Туркестанской области",
  body: "<p>На встрече в Шымкенте обсуждены сроки подачи воды на поля и ремонт 40 километров каналов в Мактааральском районе.</p>",
  publishedAt: "2024-05-15T09:00:00+05:00",
};

describe("one story, many publishers (real stack)", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-stories-"));
  let stack: TestStack;
  const idOf = (publisher: string, externalId: string) => releaseIdFor(publisher, externalId);
  const ids = {
    original: idOf("mvri-kz", original.externalId),
    republication: idOf("kazinform", republication.externalId),
    other: idOf("mvri-kz", other.externalId),
  };
  const get = (path: string) => fetch(`${stack.feedsUrl}${path}`);
  const release = async (id: string) =>
    (await (await get(`/v1/releases/${id}`)).json()) as {
      story?: { id: string; canonical: boolean; others: { id: string; publisher: string }[] };
    };

  beforeAll(async () => {
    const registry = {
      publishers: [
        { id: "mvri-kz", name: { ru: "Министерство водных ресурсов" }, keySha256: [sha256("mvri-key")] },
        { id: "kazinform", name: { ru: "Казинформ" }, keySha256: [sha256("kazinform-key")] },
      ],
    };
    writeFileSync(join(dir, "publishers.json"), JSON.stringify(registry));
    stack = await startTestStack("stories", { PUBLISHERS_FILE: join(dir, "publishers.json") });
  });

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("groups the agency's copy with the ministry's release that arrives later but was published earlier", async () => {
    expect((await stack.post(republication, "kazinform-key")).status).toBe(202);
    expect((await stack.post(other, "mvri-key")).status).toBe(202);
    await eventually(async () => expect((await release(ids.republication)).story?.canonical).toBe(true));
    expect((await stack.post(original, "mvri-key")).status).toBe(202);
    await eventually(async () =>
      expect((await release(ids.republication)).story).toMatchObject({
        id: ids.original,
        canonical: false,
        others: [{ id: ids.original, publisher: "mvri-kz" }],
      }),
    );
    expect((await release(ids.original)).story).toMatchObject({
      id: ids.original,
      canonical: true,
      others: [{ id: ids.republication, publisher: "kazinform" }],
    });
    expect((await release(ids.other)).story).toMatchObject({ id: ids.other, canonical: true, others: [] });
  });

  it("collapses feeds and search to one entry per story with collapse=story, the others listed", async () => {
    const plain = (await (await get("/feeds/feed.json")).json()) as { items: { id: string }[] };
    expect(plain.items).toHaveLength(3);
    const collapsed = (await (await get("/feeds/feed.json?collapse=story")).json()) as {
      items: { id: string; _gazette?: { story?: { others: { id: string }[] } } }[];
    };
    expect(collapsed.items.map((item) => item.id)).toEqual([
      `urn:gazette:release:${ids.other}`,
      `urn:gazette:release:${ids.original}`,
    ]);
    expect(collapsed.items[1]?._gazette?.story?.others).toEqual([
      expect.objectContaining({ id: `urn:gazette:release:${ids.republication}` }),
    ]);
    const atom = await (await get("/feeds/atom.xml?collapse=story")).text();
    expect(atom).toMatch(
      /<link rel="related" type="text\/html" hreflang="ru" title="Казинформ: Казахстан и Узбекистан/,
    );
    expect(checkFeed(atom, "feed.atom").status).toBe(0);
    const search = (await (await get("/v1/search?q=вододелении%20Сырдарья&collapse=story")).json()) as {
      hits: { id: string; story?: { others: { id: string }[] } }[];
    };
    expect(search.hits.map((hit) => hit.id)).toEqual([ids.original]);
    expect(search.hits[0]?.story?.others.map((member) => member.id)).toEqual([ids.republication]);
  });

  it("shows 'Also published by' on the release page", async () => {
    const page = await (await get(`/releases/${ids.original}?hl=ru`)).text();
    expect(page).toContain("Также опубликовали");
    expect(page).toContain("Казинформ");
  });

  it("takes a withdrawn release out of its story: the copy is its own story again", async () => {
    const response = await fetch(`${stack.ingestUrl}/v1/releases/${original.externalId}`, {
      method: "DELETE",
      headers: { authorization: "Bearer mvri-key", "content-type": "application/json" },
      body: JSON.stringify({ reason: "published by mistake" }),
    });
    expect(response.status).toBe(202);
    await eventually(async () =>
      expect((await release(ids.republication)).story).toMatchObject({
        id: ids.republication,
        canonical: true,
        others: [],
      }),
    );
  });
});
