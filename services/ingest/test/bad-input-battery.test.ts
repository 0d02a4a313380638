import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";

const valid = sampleRelease("battery");
const json = "application/json";

/** [name, content type, body, expected status]; every body is something a client might really send. */
const battery: [string, string | undefined, string, number][] = [
  ["empty body", json, "", 400],
  ["broken JSON", json, "{", 400],
  ["trailing garbage", json, '{"a":1} x', 400],
  ["JSON null", json, "null", 400],
  ["JSON number", json, "42", 400],
  ["JSON string", json, '"release"', 400],
  ["JSON array", json, "[]", 400],
  ["array of releases", json, JSON.stringify([valid]), 400],
  ["empty object", json, "{}", 400],
  ["no content type", undefined, JSON.stringify(valid), 415],
  ["text/plain", "text/plain", JSON.stringify(valid), 415],
  ["form encoded", "application/x-www-form-urlencoded", "title=x", 415],
  ["unsupported charset", "application/json; charset=latin-9", JSON.stringify(valid), 415],
  ["over 1 MB", json, JSON.stringify({ ...valid, body: "я".repeat(600_000) }), 413],
  ["unknown field", json, JSON.stringify({ ...valid, titel: "typo" }), 400],
  ["publisher in body", json, JSON.stringify({ ...valid, publisher: "someone-else" }), 400],
  ["version in body", json, JSON.stringify({ ...valid, version: 99 }), 400],
  ["missing externalId", json, JSON.stringify({ ...valid, externalId: undefined }), 400],
  ["empty externalId", json, JSON.stringify({ ...valid, externalId: "" }), 400],
  ["externalId too long", json, JSON.stringify({ ...valid, externalId: "x".repeat(201) }), 400],
  ["externalId a number", json, JSON.stringify({ ...valid, externalId: 7 }), 400],
  ["missing title", json, JSON.stringify({ ...valid, title: undefined }), 400],
  ["blank title", json, JSON.stringify({ ...valid, title: "   " }), 400],
  ["title too long", json, JSON.stringify({ ...valid, title: "т".repeat(501) }), 400],
  ["title an object", json, JSON.stringify({ ...valid, title: { ru: "x" } }), 400],
  ["missing body", json, JSON.stringify({ ...valid, body: undefined }), 400],
  ["body only a script", json, JSON.stringify({ ...valid, body: "<script>alert(1)</script>" }), 400],
  ["missing language", json, JSON.stringify({ ...valid, language: undefined }), 400],
  ["language not BCP 47", json, JSON.stringify({ ...valid, language: "russian language" }), 400],
  ["language too long", json, JSON.stringify({ ...valid, language: "ru-".repeat(20) }), 400],
  ["date without offset", json, JSON.stringify({ ...valid, publishedAt: "2024-05-01T10:00:00" }), 400],
  ["date not a date", json, JSON.stringify({ ...valid, publishedAt: "yesterday" }), 400],
  ["impossible date", json, JSON.stringify({ ...valid, publishedAt: "2024-02-30T10:00:00Z" }), 400],
  ["tags not an array", json, JSON.stringify({ ...valid, tags: "a,b" }), 400],
  ["too many tags", json, JSON.stringify({ ...valid, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }), 400],
  ["tag too long", json, JSON.stringify({ ...valid, tags: ["x".repeat(65)] }), 400],
  ["empty tag", json, JSON.stringify({ ...valid, tags: [""] }), 400],
  ["sourceUrl javascript:", json, JSON.stringify({ ...valid, sourceUrl: "javascript:alert(1)" }), 400],
  ["sourceUrl relative", json, JSON.stringify({ ...valid, sourceUrl: "/news/1" }), 400],
  ["sourceUrl ftp", json, JSON.stringify({ ...valid, sourceUrl: "ftp://example.org/x" }), 400],
  ["image without url", json, JSON.stringify({ ...valid, images: [{ caption: "x" }] }), 400],
  ["image data: url", json, JSON.stringify({ ...valid, images: [{ url: "data:image/png;base64,AAAA" }] }), 400],
  [
    "image bad mime type",
    json,
    JSON.stringify({ ...valid, images: [{ url: "https://example.org/a.png", mimeType: "text/html" }] }),
    400,
  ],
  [
    "image unknown field",
    json,
    JSON.stringify({ ...valid, images: [{ url: "https://example.org/a.png", alt: "x" }] }),
    400,
  ],
  [
    "too many images",
    json,
    JSON.stringify({ ...valid, images: Array.from({ length: 51 }, () => ({ url: "https://example.org/a.png" })) }),
    400,
  ],
  ["summary empty", json, JSON.stringify({ ...valid, summary: "" }), 400],
  ["deeply nested JSON", json, `{"x":${"[".repeat(5000)}${"]".repeat(5000)}}`, 400],
  [
    "prototype pollution",
    json,
    '{"__proto__":{"admin":true},"externalId":"p","language":"ru","title":"t","body":"<p>b</p>"}',
    400,
  ],
];

describe("ingest on real NATS: a battery of bad inputs", () => {
  let ingest: TestIngest;
  let url = "";

  beforeAll(async () => {
    ingest = await startTestIngest("battery", inject("natsUrl"));
    url = ingest.base;
  });

  afterAll(() => ingest?.stop());

  it.each(battery)("%s → %i problem+json", async (_name, contentType, body, status) => {
    const headers: Record<string, string> = { authorization: "Bearer demo-key" };
    if (contentType !== undefined) headers["content-type"] = contentType;
    // fetch gives a string body `text/plain`; bytes go without any Content-Type, as the case says.
    const response = await fetch(`${url}/v1/releases`, {
      method: "POST",
      headers,
      body: contentType === undefined ? new TextEncoder().encode(body) : body,
    });
    const text = await response.text();
    expect(response.status, text).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(text)).toMatchObject({ status, code: expect.any(String), detail: expect.any(String) });
  });

  // What a client with a wrong encoding sends: Latin-1 or windows-1251 bytes, an overlong form, an
  // encoded surrogate, a sequence cut off. body-parser alone would store U+FFFD in their place.
  const invalidUtf8: [string, number[]][] = [
    ["bytes FF FE", [0xff, 0xfe]],
    ["windows-1251 «Минкультуры»", [0xcc, 0xe8, 0xed, 0xea, 0xf3, 0xeb, 0xfc, 0xf2, 0xf3, 0xf0, 0xfb]],
    ["overlong slash", [0xc0, 0xaf]],
    ["encoded surrogate", [0xed, 0xa0, 0x80]],
    ["cut-off sequence", [0xd0]],
  ];
  it.each(invalidUtf8)(
    "refuses a body that is not UTF-8 (%s) with 400 INVALID_UTF8, storing nothing",
    async (name, bytes) => {
      const externalId = `utf8-${name.replace(/\W+/g, "-")}`;
      const [before, after] = JSON.stringify({ ...valid, externalId, title: "@" }).split("@") as [string, string];
      const body = Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
      for (const [path, payload] of [
        ["/v1/releases", body],
        ["/v1/releases:batch", Buffer.concat([Buffer.from('{"releases":['), body, Buffer.from("]}")])],
      ] as const) {
        const response = await fetch(`${url}${path}`, {
          method: "POST",
          headers: { authorization: "Bearer demo-key", "content-type": json },
          body: payload,
        });
        const text = await response.text();
        expect(response.status, text).toBe(400);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(text)).toMatchObject({ code: "INVALID_UTF8", detail: expect.stringContaining("UTF-8") });
      }
      expect(
        (await fetch(`${url}/v1/releases/${externalId}`, { headers: { authorization: "Bearer demo-key" } })).status,
      ).toBe(404);
    },
  );

  it("is still healthy and accepts a valid release after all that", async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const response = await fetch(`${url}/v1/releases`, {
      method: "POST",
      headers: { authorization: "Bearer demo-key", "content-type": json },
      body: JSON.stringify(valid),
    });
    expect(response.status).toBe(202);
  });
});
