import { describe, expect, it } from "vitest";
import {
  asciiUrl,
  cleanText,
  hasXmlIllegalCharacters,
  LanguageTagSchema,
  InternalReleaseInputSchema,
  ReleaseInputSchema,
  releaseIdFor,
} from "@gazette/shared";

describe("releaseIdFor", () => {
  it("is deterministic, URL-safe and different per publisher and externalId", () => {
    const id = releaseIdFor("mci-kz", "2024/05 пресс-релиз #1");
    expect(id).toBe(releaseIdFor("mci-kz", "2024/05 пресс-релиз #1"));
    expect(id).toMatch(/^mci-kz-[0-9a-f]{32}$/);
    expect(encodeURIComponent(id)).toBe(id);
    expect(releaseIdFor("mfa-kz", "2024/05 пресс-релиз #1")).not.toBe(id);
    expect(releaseIdFor("mci-kz", "2024/05 пресс-релиз #2")).not.toBe(id);
  });
});

describe("LanguageTagSchema", () => {
  it("canonicalises BCP 47 tags and rejects what is not one", () => {
    expect(LanguageTagSchema.parse("RU")).toBe("ru");
    expect(LanguageTagSchema.parse("kk-cyrl-kz")).toBe("kk-Cyrl-KZ");
    expect(LanguageTagSchema.safeParse("not a language!").success).toBe(false);
    expect(LanguageTagSchema.safeParse("").success).toBe(false);
  });
});

describe("ReleaseInputSchema", () => {
  const valid = { externalId: "a1", language: "en", title: "Title", body: "<p>x</p>" };
  it("rejects unknown fields, non-http URLs and dates without an offset", () => {
    expect(ReleaseInputSchema.safeParse(valid).success).toBe(true);
    expect(ReleaseInputSchema.safeParse({ ...valid, titel: "typo" }).success).toBe(false);
    expect(ReleaseInputSchema.safeParse({ ...valid, sourceUrl: "ftp://example.org/a" }).success).toBe(false);
    expect(ReleaseInputSchema.safeParse({ ...valid, publishedAt: "2024-05-01T10:00:00" }).success).toBe(false);
    expect(ReleaseInputSchema.safeParse({ ...valid, publishedAt: "2024-05-01T10:00:00+05:00" }).success).toBe(true);
  });
});

describe("cleanText", () => {
  it("removes characters XML 1.0 forbids and normalises to NFC", () => {
    const dirty = "a\u0001b\u000Bc\uFFFEd\uD800e" + "e\u0301";
    const clean = cleanText(dirty);
    expect(clean).toBe("abcde\u00E9");
    expect(hasXmlIllegalCharacters(dirty)).toBe(true);
    expect(hasXmlIllegalCharacters(clean)).toBe(false);
    expect(cleanText("tab\tnew\nline\r😀")).toBe("tab\tnew\nline\r😀");
  });
});

describe("URLs of the region", () => {
  const valid = { externalId: "a1", language: "ru", title: "Title", body: "<p>x</p>" };
  it("accepts internationalised domains in Unicode and in punycode (президент.рф, .қаз), and stores them as links carry them", () => {
    for (const url of [
      "https://президент.рф/news/1",
      "https://xn--d1abbgf6aiiy.xn--p1ai/news/1",
      "https://үкімет.қаз/ru/press",
      "https://gov.kz/memleket/entities/mfa/press/news/details/1?lang=ru",
    ]) {
      expect(ReleaseInputSchema.safeParse({ ...valid, sourceUrl: url }).success, url).toBe(true);
    }
    expect(asciiUrl("https://президент.рф/news/1")).toBe("https://xn--d1abbgf6aiiy.xn--p1ai/news/1");
    expect(asciiUrl("https://gov.kz/новости/1")).toBe("https://gov.kz/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1");
    expect(asciiUrl("https://gov.kz/a?b=1")).toBe("https://gov.kz/a?b=1");
  });

  it("still refuses what is no public web address: javascript:, data:, ftp:, relative", () => {
    for (const url of ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/a", "/news/1"]) {
      expect(ReleaseInputSchema.safeParse({ ...valid, sourceUrl: url }).success, url).toBe(false);
    }
  });
});

describe("URLs a release may carry", () => {
  const valid = { externalId: "a1", language: "en", title: "Title", body: "<p>x</p>" };
  const publicOk = (url: string) => ReleaseInputSchema.safeParse({ ...valid, sourceUrl: url }).success;
  const internalOk = (url: string) => InternalReleaseInputSchema.safeParse({ ...valid, sourceUrl: url }).success;

  it("takes public domains, IDNs and their punycode from every publisher", () => {
    for (const url of ["https://gov.kz/news/1", "https://президент.рф/news/1", "https://xn--d1abbgf6aiiy.xn--p1ai/"])
      expect([publicOk(url), internalOk(url)], url).toEqual([true, true]);
  });

  it("takes IP addresses and single-label hosts only from internal publishers", () => {
    for (const url of ["http://10.0.0.5/news/1", "http://intranet/press/7", "http://[fd00::1]:8080/a"])
      expect([publicOk(url), internalOk(url)], url).toEqual([false, true]);
  });

  it("refuses credentials in URLs and other schemes from everyone, images included", () => {
    for (const url of ["https://user:secret@gov.kz/news", "http://admin@10.0.0.5/", "javascript:alert(1)", "data:,x"])
      expect([publicOk(url), internalOk(url)], url).toEqual([false, false]);
    const image = { ...valid, images: [{ url: "http://10.0.0.5/photo.jpg" }] };
    expect(ReleaseInputSchema.safeParse(image).success).toBe(false);
    expect(InternalReleaseInputSchema.safeParse(image).success).toBe(true);
  });
});
