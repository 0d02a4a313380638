import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isPageFurniture, removePageFurniture } from "../src/upstreams/parsing/page-furniture.ts";
import { normalizeReleaseInput } from "../src/releases/normalize-release.ts";
import { entriesOfFeed, entriesOfWordPressPosts, type UpstreamEntry } from "../src/upstreams/parsing/items.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";
import { wordpressRssFromSample } from "../../../test/support/wordpress-feed.ts";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "upstream", name), "utf8");
const releases = (entries: UpstreamEntry[]) => entries.flatMap((entry) => ("release" in entry ? [entry.release] : []));

describe("page furniture", () => {
  it("drops the theme's and WordPress's furniture, keeps text that merely mentions such words", () => {
    for (const text of [
      "Exit mobile version",
      "  Share this: ",
      "The post Foo appeared first on Bar.",
      "Запись Foo впервые появилась Bar.",
      "Continue reading Foo →",
    ])
      expect(isPageFurniture(text), text).toBe(true);
    for (const text of [
      "Подробнее о программе читайте на сайте министерства.",
      "Exit mobile version of the site was discussed",
      "Related documents are attached.",
    ])
      expect(isPageFurniture(text), text).toBe(false);
    expect(removePageFurniture("<p>Текст.</p>\n<p>Exit mobile version</p>\nExit mobile version").trim()).toBe(
      "<p>Текст.</p>",
    );
  });
});

describe("upstream entries → releases", () => {
  it("turns the WordPress RSS of the real sample into exactly the release a careful publisher would push", () => {
    const [entry] = entriesOfFeed(wordpressRssFromSample(), {});
    expect(entry).toHaveProperty("release");
    const release = normalizeReleaseInput((entry as { release: unknown }).release);
    const pushed = normalizeReleaseInput(sampleRelease("https://mci.example.kz/?p=1234"));
    expect(release.body).toBe(pushed.body);
    expect(release.body).not.toMatch(/Exit mobile version|appeared first on|Фото:/);
    expect(release).toMatchObject({
      externalId: "https://mci.example.kz/?p=1234",
      language: "ru-RU",
      title: pushed.title,
      publishedAt: "2024-05-01T05:00:00.000Z",
      sourceUrl: "https://mci.example.kz/2024/05/01/jusan/",
      tags: ["Новости", "Жусан"],
      images: [
        {
          url: "https://mci.example.kz/wp-content/uploads/2024/05/jusan.jpg",
          credit: "Министерство культуры и информации Республики Казахстан",
          mimeType: "image/jpeg",
        },
      ],
    });
    expect(release.summary).toMatch(/^Сегодня в Ташкенте/);
  });

  it("reads Atom: xml:lang, html and xhtml content, categories, enclosure links, oldest first", () => {
    const entries = entriesOfFeed(fixture("atom-kk.xml"), {});
    const [first, second] = releases(entries).map((release) => normalizeReleaseInput(release));
    expect(first).toMatchObject({
      externalId: "tag:mci.example.kz,2024:news/5012",
      language: "kk",
      title: "Оңалту орталықтарының жұмысы талқыланды",
      tags: ["Оңалту", "Жусан"],
      summary: "Азаматтарды оңалтуға арналған кеңес өтті.",
      publishedAt: "2024-05-01T05:00:00.000Z",
    });
    expect(first!.images).toEqual([
      { url: "https://mci.example.kz/media/5012.jpg", caption: "Кеңес отырысы", mimeType: "image/jpeg" },
    ]);
    expect(first!.body).not.toContain("Бөлісу");
    expect(second).toMatchObject({
      externalId: "tag:mci.example.kz,2024:news/5013",
      title: "Министрлік жаңа бағдарламаны ұсынды",
    });
    expect(second!.body).toContain("<strong>2025 жылы</strong>");
  });

  it("skips broken entries with a reason and keeps the rest", () => {
    const entries = entriesOfFeed(fixture("rss-broken-item.xml"), {});
    const good = releases(entries).map((release) => release.externalId);
    expect(good).toEqual(["mfa-771", "mfa-775", "mfa-773", "mfa-774"]);
    expect(entries.filter((entry) => "skip" in entry)).toEqual([
      { ref: "item 2", skip: "no guid/id and no link to tell it by" },
    ]);
    // An untitled item (RSS 2.0 allows them) takes the first words of its text as its title; the push
    // path's validation then refuses only the script-only one, naming why.
    expect(releases(entries).find((release) => release.externalId === "mfa-773")?.title).not.toBe("");
    const refused = releases(entries).flatMap((release) => {
      try {
        normalizeReleaseInput(release);
        return [];
      } catch (error) {
        return [[release.externalId, (error as Error).message]];
      }
    });
    expect(refused).toEqual([["mfa-774", expect.stringMatching(/body/)]]);
  });

  it("uses the configured language over the feed's, and detects it when neither says", () => {
    expect(releases(entriesOfFeed(fixture("atom-kk.xml"), { language: "kk-Cyrl-KZ" }))[0]!.language).toBe("kk-Cyrl-KZ");
    const noLanguage = fixture("rss-broken-item.xml").replace("<language>en-US</language>", "");
    const detected = releases(entriesOfFeed(noLanguage, {})).find((release) => release.externalId === "mfa-771");
    expect(detected).toMatchObject({ language: "en", languageSource: "detected" });
  });

  it("reads the WordPress REST API's posts with embedded terms and featured media", () => {
    const entries = entriesOfWordPressPosts(fixture("wordpress-posts.json"), { language: "ru" });
    expect(entries.find((entry) => "skip" in entry)).toEqual({
      ref: "wp-post-2202",
      skip: "no content and no description",
    });
    const [release] = releases(entries).map((input) => normalizeReleaseInput(input));
    expect(release).toMatchObject({
      externalId: "https://culture.example.kz/?p=2201",
      title: "Фестиваль «Ұлы дала» открылся в Астане",
      publishedAt: "2024-05-03T10:00:00.000Z",
      tags: ["Культура", "фестиваль"],
      images: [
        {
          url: "https://culture.example.kz/wp-content/uploads/2024/05/festival.jpg",
          caption: "Открытие фестиваля",
          mimeType: "image/jpeg",
        },
      ],
    });
    expect(release!.body).toBe("<p>В столице открылся фестиваль традиционной культуры.</p>");
    expect(() => entriesOfWordPressPosts('{"code":"rest_no_route"}', {})).toThrow(/array/);
  });

  it("throws on a document that is no feed at all", () => {
    expect(() => entriesOfFeed("<html><body>Not found</body></html>", {})).toThrow();
  });
});
