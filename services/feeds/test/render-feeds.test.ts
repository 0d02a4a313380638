import { describe, expect, it } from "vitest";
import type { ReleaseDocument } from "@gazette/shared";
import type { FeedContext } from "../src/feed-context.ts";
import { renderAtom } from "../src/render-atom.ts";
import { renderJsonFeed } from "../src/render-json-feed.ts";
import { renderRss } from "../src/render-rss.ts";
import { checkFeed } from "../../../test/support/feedcheck.ts";

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
  bodyHtml: "<p>Текст ]]&gt; с <a href=\"https://example.org/?a=1&amp;b=2\">ссылкой</a></p>",
  tags: ["реабилитация", "A&B"],
  publishedAt: "2026-01-01T10:00:00+05:00",
  updatedAt: "2026-01-02T10:00:00Z",
  images: [],
  version: 1,
  status: "published",
  text: {},
};

describe.each([
  ["RSS", renderRss, "feed.rss"],
  ["Atom", renderAtom, "feed.atom"],
  ["JSON Feed", renderJsonFeed, "feed.json"],
] as const)("%s rendering", (_format, render, fileName) => {
  it("gives the same bytes for the same releases (no build time inside)", () => {
    const first = render(context, [awkward]);
    expect(render(context, [awkward])).toBe(first);
    expect(first).toContain("2026");
  });

  it("passes feedcheck with awkward characters, and when empty", () => {
    for (const documents of [[awkward], []]) {
      const result = checkFeed(render(context, documents), fileName);
      expect(result.status, result.output).toBe(0);
    }
  });
});
