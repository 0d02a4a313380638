import { describe, expect, it, vi } from "vitest";
import type { ReleaseDocument } from "@gazette/shared";
import { feedUpdated, itemUpdated, type FeedContext } from "../src/feeds/feed-context.ts";
import { ninjsOf } from "../src/feeds/ninjs.ts";
import { renderAtom } from "../src/feeds/render/render-atom.ts";
import { renderJsonFeed } from "../src/feeds/render/render-json-feed.ts";
import { renderRss } from "../src/feeds/render/render-rss.ts";
import { checkFeed } from "../../../test/support/feedcheck.ts";
import { feedTitle } from "../src/feeds/feed-builder.ts";

const context: FeedContext = {
  title: "Gazette: press releases",
  description: "Official press releases.",
  selfUrl: "https://gazette.example/feeds/atom.xml?lang=ru",
  siteUrl: "https://gazette.example/",
  language: "ru",
  publicBaseUrl: "https://gazette.example",
};

const awkward: ReleaseDocument = {
  id: "mci-kz-0123456789abcdef0123456789abcdef",
  externalId: "x",
  publisher: "mci-kz",
  language: "ru",
  title: `Кавычки «ёлки» & <теги> "quotes" 'apostrophes' ]]> 😀`,
  summary: "Сводка & <b>не HTML</b>",
  bodyHtml: '<p>Текст ]]&gt; с <a href="https://example.org/?a=1&amp;b=2">ссылкой</a></p>',
  tags: ["реабилитация", "A&B"],
  publishedAt: "2026-01-01T10:00:00+05:00",
  updatedAt: "2026-01-02T10:00:00Z",
  images: [],
  version: 1,
  status: "published",
  text: {},
};

/** Everything an item and a feed can carry: images with caption and credit, a translation, a tombstone, paging. */
const illustrated: ReleaseDocument = {
  ...awkward,
  id: "mci-kz-11111111111111111111111111111111",
  images: [
    { url: "https://example.gov.kz/media/1.jpg", caption: "Подпись & «фото»", credit: "Пресс-служба <МКИ>" },
    { url: "https://example.gov.kz/media/2", mimeType: "image/png" },
  ],
  translationKey: "jusan-2024",
  sourceUrl: "https://example.gov.kz/news/1?a=1&b=2",
};
const translation: ReleaseDocument = {
  ...illustrated,
  id: "mci-kz-22222222222222222222222222222222",
  language: "kk",
  title: "Қазақша нұсқасы",
  sourceUrl: undefined,
};
const fullContext: FeedContext = {
  ...context,
  olderUrl: "https://gazette.example/feeds/atom.xml?lang=ru&before=WyJ4Il0",
  translations: new Map([["jusan-2024", [illustrated, translation]]]),
  tombstones: [
    {
      id: "mci-kz-33333333333333333333333333333333",
      language: "ru",
      withdrawnAt: "2026-01-03T10:00:00Z",
      withdrawalReason: "Опубликовано по ошибке & <снято>",
    },
  ],
};

describe.each([
  ["RSS", renderRss, "feed.rss"],
  ["Atom", renderAtom, "feed.atom"],
  ["JSON Feed", renderJsonFeed, "feed.json"],
] as const)("%s rendering of images, translations, tombstones and paging", (format, render, fileName) => {
  it("carries them and still passes feedcheck", () => {
    const text = render(fullContext, [illustrated]);
    const result = checkFeed(text, fileName);
    expect(result.status, result.output).toBe(0);
    expect(text).toContain("https://example.gov.kz/media/1.jpg");
    expect(text).toContain("https://example.gov.kz/media/2");
    expect(text).toContain("before=WyJ4Il0");
    if (format === "RSS")
      expect(text).toMatch(/<enclosure url="https:\/\/example.gov.kz\/media\/1.jpg"[^>]*type="image\/jpeg"/);
    if (format === "RSS") expect(text).toContain("<media:credit>Пресс-служба &lt;МКИ&gt;</media:credit>");
    if (format !== "JSON Feed") expect(text).toContain('rel="prev-archive"');
    if (format === "Atom") {
      expect(text).toContain('hreflang="kk"');
      expect(text).toContain(
        '<at:deleted-entry ref="urn:gazette:release:mci-kz-33333333333333333333333333333333" when="2026-01-03T10:00:00.000Z">',
      );
    }
    if (format === "JSON Feed") {
      const items = JSON.parse(text).items;
      expect(items[0]._gazette.translations[0]).toMatchObject({ language: "kk" });
      // The withdrawal: an item of the release's id, after the releases, with when and why.
      expect(items.at(-1)).toEqual({
        id: "urn:gazette:release:mci-kz-33333333333333333333333333333333",
        content_text: "Опубликовано по ошибке & <снято>",
        date_modified: "2026-01-03T10:00:00.000Z",
        language: "ru",
        _gazette: { withdrawn: { at: "2026-01-03T10:00:00.000Z", reason: "Опубликовано по ошибке & <снято>" } },
      });
    }
  });
});

describe("a feed's dates follow its latest visible change (issue 30)", () => {
  // Sent at 09:00 under embargo until 12:00: published at the embargo's end, after its update.
  const lifted: ReleaseDocument = {
    ...awkward,
    id: "mci-kz-44444444444444444444444444444444",
    updatedAt: "2026-01-05T09:00:00Z",
    publishedAt: "2026-01-05T12:00:00Z",
    embargoUntil: "2026-01-05T12:00:00Z",
  };

  it("never dates an item's update before its publication, in any format", () => {
    expect(itemUpdated(lifted).toISOString()).toBe("2026-01-05T12:00:00.000Z");
    expect(itemUpdated(awkward).toISOString()).toBe("2026-01-02T10:00:00.000Z");
    const atom = renderAtom(context, [lifted]);
    expect(atom).toContain(
      "<published>2026-01-05T12:00:00.000Z</published><updated>2026-01-05T12:00:00.000Z</updated>",
    );
    const json = JSON.parse(renderJsonFeed(context, [lifted])).items[0];
    expect(json.date_modified >= json.date_published).toBe(true);
    expect(renderRss(context, [lifted])).toContain("<atom:updated>2026-01-05T12:00:00Z</atom:updated>");
    expect(
      ninjsOf(lifted, { publicBaseUrl: "https://gazette.example", version: "3.1", publisherName: "МКИ" }),
    ).toMatchObject({
      firstCreated: "2026-01-05T12:00:00Z",
      versionCreated: "2026-01-05T12:00:00Z",
    });
  });

  it("dates the feed by its newest item's change, or a later withdrawal among its tombstones", () => {
    expect(feedUpdated([awkward, lifted]).toISOString()).toBe("2026-01-05T12:00:00.000Z");
    const later = { id: "x", language: "ru", withdrawnAt: "2026-01-06T08:00:00Z" };
    expect(feedUpdated([awkward, lifted], [later]).toISOString()).toBe("2026-01-06T08:00:00.000Z");
    expect(feedUpdated([], [later]).toISOString()).toBe("2026-01-06T08:00:00.000Z");
    expect(renderAtom({ ...context, tombstones: [later] }, [lifted])).toContain(
      "<updated>2026-01-06T08:00:00.000Z</updated>",
    );
  });
});

describe.each([
  ["RSS", renderRss, "feed.rss"],
  ["Atom", renderAtom, "feed.atom"],
  ["JSON Feed", renderJsonFeed, "feed.json"],
] as const)("%s rendering", (_format, render, fileName) => {
  it("gives the same bytes for the same releases (no build time inside)", () => {
    vi.useFakeTimers({ now: new Date("2026-03-01T00:00:00Z") });
    try {
      const first = render(context, [awkward]);
      vi.setSystemTime(new Date("2027-07-15T12:34:56Z"));
      expect(render(context, [awkward])).toBe(first);
      // The feed's dates are the release's: its update (2 January), never the clock's (1 March, 15 July).
      expect(first).toMatch(/2026-01-02T10:00:00|Fri, 02 Jan 2026 10:00:00 GMT/);
      expect(first).not.toMatch(/2026-03-01|01 Mar 2026|2027/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("passes feedcheck with an item of undetermined language (und), detected by Gazette", () => {
    const undetermined: ReleaseDocument = { ...awkward, language: "und", languageSource: "detected" };
    const text = render(context, [undetermined]);
    const result = checkFeed(text, fileName);
    expect(result.status, result.output).toBe(0);
    if (fileName === "feed.json")
      expect(JSON.parse(text).items[0]).toMatchObject({ language: "und", _gazette: { languageSource: "detected" } });
  });

  it("passes feedcheck with awkward characters, and when empty", () => {
    for (const documents of [[awkward], []]) {
      const result = checkFeed(render(context, documents), fileName);
      expect(result.status, result.output).toBe(0);
    }
  });
});

describe("RSS items carry what readers need", () => {
  const kazakh: ReleaseDocument = {
    ...awkward,
    id: "mci-kz-22222222222222222222222222222222",
    language: "kk",
    title: "Қазақша",
    images: [{ url: "https://example.gov.kz/media/2.jpg", mimeType: "image/jpeg", size: 183412 }],
  };

  it("says each item's language in a feed of several languages, and each item's last change", () => {
    const mixed = renderRss({ ...context, language: undefined } as unknown as FeedContext, [awkward, kazakh]);
    expect(mixed).toContain("<dc:language>ru</dc:language>");
    expect(mixed).toContain("<dc:language>kk</dc:language>");
    expect(mixed).toContain("<atom:updated>2026-01-02T10:00:00Z</atom:updated>");
    expect(checkFeed(mixed, "mixed.rss").status).toBe(0);
    // A feed of one language says it once, in the channel.
    expect(renderRss(context, [awkward])).not.toContain("<dc:language>");
  });

  it("gives an enclosure the size the publisher gave, else 0 (unknown)", () => {
    const rss = renderRss({ ...context, language: undefined } as unknown as FeedContext, [
      kazakh,
      {
        ...kazakh,
        id: "mci-kz-33333333333333333333333333333333",
        images: [{ url: "https://example.gov.kz/media/3.jpg", mimeType: "image/jpeg" }],
      },
    ]);
    expect(rss).toMatch(
      /<enclosure url="https:\/\/example.gov.kz\/media\/2.jpg" length="183412" type="image\/jpeg"\/>/,
    );
    expect(rss).toMatch(/<enclosure url="https:\/\/example.gov.kz\/media\/3.jpg" length="0" type="image\/jpeg"\/>/);
  });
});

describe("a feed's own words are in its language (issue 30)", () => {
  const names = (id: string) => (id === "mfa-kz" ? "СІМ" : id);
  it("titles and describes a Russian or Kazakh feed in Russian or Kazakh, any other in English", () => {
    expect(feedTitle({ lang: "ru" }, names)).toBe("Gazette: пресс-релизы (Русский)");
    expect(feedTitle({ lang: "kk", publisher: "mfa-kz", tag: "Астана" }, names)).toBe(
      "Gazette: баспасөз релиздері (СІМ, Қазақ тілі, #Астана)",
    );
    expect(feedTitle({ lang: "uz" }, names)).toBe("Gazette: press releases (Uzbek)");
    expect(feedTitle({}, names)).toBe("Gazette: press releases");
  });
});
