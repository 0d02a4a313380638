import type { ReleaseInput } from "@gazette/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

/** A portal page as a reader asks for it, in `language`. */
const pageOf = (stack: TestStack, path: string, language: string) =>
  fetch(`${stack.feedsUrl}${path}`, { headers: { accept: "text/html", "accept-language": language } });

/** Posts each release (each must be accepted) and notes its id by external id. */
async function postAll(stack: TestStack, releases: ReleaseInput[], ids: Record<string, string>): Promise<void> {
  for (const release of releases) {
    const response = await stack.post(release);
    expect(response.status).toBe(202);
    ids[release.externalId] = ((await response.json()) as { id: string }).id;
  }
}

/** Issue 30, items 6 and 7: release pages as readers see them, in their language. */
describe("pages for readers (real stack)", () => {
  let stack: TestStack;
  const ids: Record<string, string> = {};
  const page = (path: string, language = "ru") => pageOf(stack, path, language);

  beforeAll(async () => {
    stack = await startTestStack("reader-pages");
    const { summary: _none, ...noSummary } = sampleRelease("page-ru");
    const sent: ReleaseInput[] = [
      { ...noSummary, translationKey: "visit-2026", publishedAt: "2026-12-01T10:00:00+05:00" },
      {
        ...sampleRelease("page-kk"),
        language: "kk",
        title: "Сапар туралы",
        translationKey: "visit-2026",
        publishedAt: "2026-12-01T10:00:00+05:00",
      },
    ];
    sent.push({
      ...sampleRelease("page-source"),
      title: "Реабилитация детей из зон конфликтов: второй этап",
      sourceUrl: "https://mfa.gov.kz/ru/news/page-source",
      publishedAt: "2026-11-30T10:00:00+05:00",
    });
    await postAll(stack, sent, ids);
    // A correction: version 2, after publication.
    expect((await stack.post({ ...sent[1]!, title: "Сапар туралы (түзетілген)" })).status).toBe(202);
    await eventually(
      async () => expect(await (await page(`/releases/${ids["page-kk"]}`)).text()).toContain("түзетілген"),
      { timeoutMs: 15_000 },
    );
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("shows the first paragraph once when there is no summary, and names each translation's language", async () => {
    const html = await (await page(`/releases/${ids["page-ru"]}`)).text();
    expect(html).not.toContain('<p class="summary">');
    expect(html).toMatch(
      /<li>Казахский: <a href="[^"]+" hreflang="kk" lang="kk">Сапар туралы \(түзетілген\)<\/a><\/li>/,
    );
  });

  it("says a corrected release was updated, when, and which version it is, in the reader's language", async () => {
    expect(await (await page(`/releases/${ids["page-kk"]}`, "ru")).text()).toMatch(
      /<span class="updated" lang="ru">Обновлено <time datetime="[^"]+">[^<]+<\/time> \(версия 2\)<\/span>/,
    );
    expect(await (await page(`/releases/${ids["page-kk"]}`, "en")).text()).toContain("(version 2)");
    expect(await (await page(`/releases/${ids["page-ru"]}`)).text()).not.toContain('class="updated"');
  });

  it("links a corrected release's note to its version history: each version, what it was, when (issue 30, item 6)", async () => {
    const html = await (await page(`/releases/${ids["page-kk"]}`, "ru")).text();
    expect(html).toMatch(/\(версия 2\)<\/span> <a href="#history">история версий<\/a>/);
    expect(html).toMatch(
      /<section id="history" lang="ru"><h2>История версий<\/h2><ol class="plain"><li>Версия 1: опубликована, <time datetime="[^"]+">[^<]+<\/time><\/li><li>Версия 2: обновлена, <time datetime="[^"]+">[^<]+<\/time><\/li><\/ol><\/section>/,
    );
    const api = (await (await fetch(`${stack.feedsUrl}/v1/releases/${ids["page-kk"]}`)).json()) as {
      history: { version: number; change: string }[];
    };
    expect(api.history.map(({ version, change }) => [version, change])).toEqual([
      [1, "published"],
      [2, "updated"],
    ]);
    // A release never corrected has no history to show.
    expect(await (await page(`/releases/${ids["page-ru"]}`)).text()).not.toContain('id="history"');
  });

  it("says Vary: Accept-Language where the language came from that header, and titles and 404s in it", async () => {
    const negotiated = await page("/", "kk");
    expect(negotiated.headers.get("vary")).toMatch(/Accept-Language/i);
    expect(await negotiated.text()).toContain("<title>Gazette: ресми баспасөз релиздері</title>");
    const chosen = await page("/?hl=ru", "kk");
    expect(chosen.headers.get("vary") ?? "").not.toMatch(/Accept-Language/i);
    expect(await chosen.text()).toContain("<title>Gazette: официальные пресс-релизы</title>");
    const missing = await page("/releases/demo-00000000000000000000000000000000", "ru");
    expect(missing.status).toBe(404);
    const text = await missing.text();
    expect(text).toContain("По этому адресу ничего нет");
    expect(text).not.toContain('<p lang="en">');
  });

  it("links a result's source to the ministry's page only, never back to Gazette (issue 30, item 9)", async () => {
    const html = await (
      await page("/?q=%D1%80%D0%B5%D0%B0%D0%B1%D0%B8%D0%BB%D0%B8%D1%82%D0%B0%D1%86%D0%B8%D1%8F")
    ).text();
    const items = html.split("<li lang=").slice(1);
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const item of items) {
      const source = /<a href="([^"]+)" rel="external"[^>]*>источник<\/a>/.exec(item);
      if (item.includes("второй этап")) expect(source?.[1]).toBe("https://mfa.gov.kz/ru/news/page-source");
      else expect(source).toBeNull();
    }
    expect(html).not.toMatch(new RegExp(`href="${stack.feedsUrl}/releases/[^"]+"[^>]*>источник`));
  });

  it("shows the release's language on its page, a link to that language's listing", async () => {
    const html = await (await page(`/releases/${ids["page-kk"]}`, "ru")).text();
    expect(html).toMatch(/<a href="[^"]*\?lang=kk"[^>]*>Казахский<\/a>/);
    expect(html).not.toContain('class="detected"');
  });

  it("keeps the did-you-mean apart from the count, and offers ways on when nothing is found", async () => {
    const html = await (
      await page("/?q=%D1%80%D0%B5%D0%B0%D0%B1%D0%B8%D0%BB%D0%B8%D1%82%D0%B0%D1%86%D0%B8%D1%8F&tag=nowhere")
    ).text();
    expect(html).toMatch(/<p role="status">0 результатов<\/p>/);
    expect(html).toContain('<div class="empty">');
    expect(html).toMatch(/<a href="[^"]*\?q=%D1%80[^"&]*">те же слова без фильтров<\/a>/);
    expect(html).toMatch(/<a href="[^"]*\?sort=date">все выпуски<\/a>/);
    // A typo that finds nothing is answered with its correction's results, and says so (issue 31, item 4).
    const typoQuery = "%D1%80%D0%B5%D0%B0%D0%B1%D0%B8%D0%BB%D0%B8%D1%82%D0%B0%D1%86%D1%8B%D1%8F";
    const typo = await (await page(`/?q=${typoQuery}`)).text();
    expect(typo).toMatch(
      /<p role="status">\d+ результат[а-я]*<\/p>\n<p class="did-you-mean">Показаны результаты по запросу <a [^>]+>реабилитация<\/a>\. Искать вместо этого <a href="[^"]*autocorrect=off[^"]*">реабилитацыя<\/a>\.<\/p>/,
    );
    expect(typo).toContain('<ol class="results">');
    // "Search instead for": the query as typed, nothing found, the correction offered.
    const asTyped = await (await page(`/?q=${typoQuery}&autocorrect=off`)).text();
    expect(asTyped).toMatch(
      /<p role="status">0 результатов<\/p>\n<p class="did-you-mean">Возможно, вы имели в виду <a [^>]+>реабилитация<\/a>\?<\/p>/,
    );
    expect(asTyped).toContain('<div class="empty">');
    // The API the same: the correction's hits, said; `autocorrect=off` answers as typed.
    const api = (await (await fetch(`${stack.feedsUrl}/v1/search?q=${typoQuery}`)).json()) as {
      total: number;
      showingResultsFor?: string;
      suggestion?: string;
    };
    expect(api).toMatchObject({ showingResultsFor: "реабилитация", suggestion: "реабилитация" });
    expect(api.total).toBeGreaterThan(0);
    const off = (await (await fetch(`${stack.feedsUrl}/v1/search?q=${typoQuery}&autocorrect=off`)).json()) as object;
    expect(off).toMatchObject({ total: 0, suggestion: "реабилитация" });
    expect(off).not.toHaveProperty("showingResultsFor");
  });
});

/**
 * Issue 31, item 5: the same news in Russian and Kazakh, ranked in the reader's language. A stack of
 * their own, holding only these two releases: no version replaced, so no deleted document in the
 * index's statistics. Beside the other releases, with a replaced version kept as a soft delete until
 * the shard's retention lease moved on (synced every 30 s), the two scores drifted past the reader's
 * factor either way from run to run (CI had Russian first for `hl=kk`).
 */
describe("ranking in the reader's language (real stack)", () => {
  let stack: TestStack;
  const ids: Record<string, string> = {};
  const page = (path: string, language = "ru") => pageOf(stack, path, language);

  beforeAll(async () => {
    stack = await startTestStack("reader-ranking");
    const sent: ReleaseInput[] = [
      {
        externalId: "story-ru",
        language: "ru",
        title: "Токаев принял посла Японии в Астане",
        body: "<p>Токаев принял посла Японии в Астане. Стороны обсудили инвестиции.</p>",
        publishedAt: "2026-11-20T10:00:00+05:00",
      },
      {
        externalId: "story-kk",
        language: "kk",
        title: "Тоқаев Жапония елшісін Астанада қабылдады",
        body: "<p>Тоқаев Жапония елшісін Астанада қабылдады. Тараптар инвестицияларды талқылады.</p>",
        publishedAt: "2026-11-20T10:00:00+05:00",
      },
    ];
    await postAll(stack, sent, ids);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it("ranks the reader's language first among releases that match alike: the interface's, or the query's letters", async () => {
    const first = async (query: string) =>
      ((await (await fetch(`${stack.feedsUrl}/v1/search?${query}`)).json()) as { hits: { id: string }[] }).hits[0]?.id;
    const astana = encodeURIComponent("Астана");
    // Both releases searchable first (the index refreshes every second; under load the last write may
    // not be yet): this is about their order, not about freshness.
    await eventually(async () => {
      const hits = (
        (await (await fetch(`${stack.feedsUrl}/v1/search?q=${astana}`)).json()) as { hits: { id: string }[] }
      ).hits;
      expect(hits.map((hit) => hit.id)).toEqual(expect.arrayContaining([ids["story-ru"], ids["story-kk"]]));
    });
    // A word both write alike: the reader's language decides (the interface's on the portal, `hl` in the API).
    // Their order, as the ranking of other releases that mention Astana is not what is asked here.
    const pairOrder = async (query: string) => {
      const hits = ((await (await fetch(`${stack.feedsUrl}/v1/search?${query}`)).json()) as { hits: { id: string }[] })
        .hits;
      const at = (key: string) => hits.findIndex((hit) => hit.id === ids[key]);
      expect(at("story-ru")).toBeGreaterThanOrEqual(0);
      expect(at("story-kk")).toBeGreaterThanOrEqual(0);
      return at("story-ru") < at("story-kk") ? "ru first" : "kk first";
    };
    expect(await pairOrder(`q=${astana}&hl=ru`)).toBe("ru first");
    expect(await pairOrder(`q=${astana}&hl=kk`)).toBe("kk first");
    // Kazakh letters say Kazakh whatever the interface; Russian letters on the Russian interface, Russian.
    expect(await first(`q=${encodeURIComponent("Тоқаев")}&hl=ru`)).toBe(ids["story-kk"]);
    expect(await first(`q=${encodeURIComponent("Токаев")}&hl=ru`)).toBe(ids["story-ru"]);
    // The portal passes its interface language.
    const ru = await (await page(`/?q=${astana}`, "ru")).text();
    expect(ru.indexOf("принял посла")).toBeGreaterThan(0);
    expect(ru.indexOf("принял посла")).toBeLessThan(ru.indexOf("Жапония елшісін"));
    const kk = await (await page(`/?q=${astana}`, "kk")).text();
    expect(kk.indexOf("Жапония елшісін")).toBeGreaterThan(0);
    expect(kk.indexOf("Жапония елшісін")).toBeLessThan(kk.indexOf("принял посла"));
  });
});
