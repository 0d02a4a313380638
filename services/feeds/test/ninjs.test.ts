import { describe, expect, it } from "vitest";
import type { ReleaseDocument } from "@gazette/shared";
import { ninjsOf, ninjsVersions, withheldNinjs } from "../src/feeds/ninjs.ts";
import { ninjsValidators as validators } from "../../../test/support/ninjs-schemas.ts";

const base: ReleaseDocument = {
  id: "mci-kz-0123456789abcdef0123456789abcdef",
  externalId: "2026/11/press-17",
  publisher: "mci-kz",
  language: "kk",
  title: "Министрлік «Цифрлық Қазақстан» бағдарламасының нәтижелерін ұсынды",
  summary: "Министрлік өкілдері өңірлердегі бағдарламалардың нәтижелерін таныстырды.",
  bodyHtml: "<p>Министрлік өкілдері &amp; сарапшылар <b>нәтижелерді</b> таныстырды.</p>",
  tags: ["цифрландыру", "Digital Kazakhstan"],
  publishedAt: "2026-11-27T09:30:00+05:00",
  updatedAt: "2026-11-28T10:00:00+05:00",
  sourceUrl: "https://www.gov.kz/memleket/entities/mdai/press/news/details/17?lang=kk",
  images: [
    {
      url: "https://www.gov.kz/uploads/2026/11/27/photo.jpg",
      caption: "Брифинг, Астана",
      credit: "Баспасөз қызметі",
      mimeType: "image/jpeg",
    },
    { url: "https://www.gov.kz/uploads/2026/11/27/chart.png" },
  ],
  version: 3,
  status: "published",
  text: {},
};

describe("releases as IPTC ninjs", () => {
  it.each(ninjsVersions)("ninjs %s: valid against IPTC's schema, with what an agency needs", (version) => {
    const ninjs = ninjsOf(base, { version, publicBaseUrl: "https://gazette.example", publisherName: "ЦДИАӨМ" });
    const valid = validators[version]!(ninjs);
    expect(validators[version]!.errors ?? [], JSON.stringify(validators[version]!.errors)).toEqual([]);
    expect(valid).toBe(true);
    // The validator is not a formality: what the schema does not allow fails.
    expect(validators[version]!({ ...ninjs, version: 3 })).toBe(false);
    expect(validators[version]!({ ...ninjs, gazette: "x" })).toBe(false);
    const names =
      version === "3.1"
        ? { created: "versionCreated", status: "pubStatus", alt: "altIds", type: "contentType" }
        : { created: "versioncreated", status: "pubstatus", alt: "altids", type: "contenttype" };
    expect(ninjs).toMatchObject({
      uri: `urn:gazette:release:${base.id}`,
      version: "3",
      [names.created]: base.updatedAt,
      [names.status]: "usable",
      language: "kk",
      headlines: [{ value: base.title }],
      bodies: [{ [names.type]: "text/html", value: base.bodyHtml }],
      subjects: [{ name: "цифрландыру" }, { name: "Digital Kazakhstan" }],
      [names.alt]: [
        { role: "externalId", value: "2026/11/press-17" },
        { role: "gazetteId", value: base.id },
      ],
    });
    expect((ninjs["associations"] as { uri: string }[]).map((picture) => picture.uri)).toEqual(
      base.images.map((image) => image.url),
    );
  });

  it.each(ninjsVersions)("ninjs %s: an embargo and a withdrawal say so, and stay valid", (version) => {
    const withdrawn = {
      ...base,
      status: "withdrawn" as const,
      embargoUntil: "2026-12-01T00:00:00Z",
      images: [],
      tags: [],
      summary: "",
      sourceUrl: undefined,
    } satisfies ReleaseDocument;
    delete (withdrawn as { sourceUrl?: string }).sourceUrl;
    const ninjs = ninjsOf(withdrawn, { version, publicBaseUrl: "https://gazette.example", publisherName: "x" });
    expect(validators[version]!(ninjs), JSON.stringify(validators[version]!.errors)).toBe(true);
    expect(ninjs[version === "3.1" ? "pubStatus" : "pubstatus"]).toBe("withheld");
    expect(ninjs[version === "3.1" ? "embargoedUntil" : "embargoed"]).toBe("2026-12-01T00:00:00Z");
    expect(ninjs).not.toHaveProperty("associations");
    expect(ninjs).not.toHaveProperty("places");
  });

  it.each(ninjsVersions)("ninjs %s: a withdrawal is a withheld item, valid, with the reason as the note", (version) => {
    const tombstone = {
      id: base.id,
      language: "kk",
      withdrawnAt: "2026-11-28T12:00:00Z",
      withdrawalReason: "Қате жарияланды",
    };
    const withheld = withheldNinjs(tombstone, version);
    expect(validators[version]!(withheld), JSON.stringify(validators[version]!.errors)).toBe(true);
    expect(withheld).toMatchObject({
      uri: `urn:gazette:release:${base.id}`,
      [version === "3.1" ? "pubStatus" : "pubstatus"]: "withheld",
      [version === "3.1" ? "edNote" : "ednote"]: "Қате жарияланды",
    });
    const { withdrawalReason: _none, ...noReason } = tombstone;
    expect(validators[version]!(withheldNinjs(noReason, version))).toBe(true);
  });
});
