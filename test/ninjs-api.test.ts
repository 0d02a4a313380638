import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.ts";
import { ninjsValidators } from "./support/ninjs-schemas.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

describe("a release as IPTC ninjs for news agencies (real stack)", () => {
  let stack: TestStack;
  let url = "";
  const release = sampleRelease();

  beforeAll(async () => {
    stack = await startTestStack("ninjs");
    const posted = await stack.post(release);
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    url = `${stack.feedsUrl}/v1/releases/${id}`;
    await eventually(async () => expect((await fetch(url)).status).toBe(200));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each([
    ["Accept: application/ninjs+json", { accept: "application/ninjs+json" }, "", "2.2"],
    ["Accept with version=3.1", { accept: "application/ninjs+json; version=3.1" }, "", "3.1"],
    ["?format=ninjs", {}, "?format=ninjs", "2.2"],
    ["?format=ninjs&version=3.1", {}, "?format=ninjs&version=3.1", "3.1"],
  ] as const)("%s: a ninjs %s document IPTC's schema accepts", async (_title, headers, search, version) => {
    const response = await fetch(`${url}${search}`, { headers });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(`application/ninjs+json; version=${version}; charset=utf-8`);
    expect(response.headers.get("vary")).toMatch(/Accept/);
    const ninjs = (await response.json()) as Record<string, unknown>;
    const validate = ninjsValidators[version];
    expect(validate(ninjs), JSON.stringify(validate.errors)).toBe(true);
    expect(ninjs).toMatchObject({
      uri: expect.stringMatching(/^urn:gazette:release:/),
      headlines: [{ value: release.title }],
    });
  });

  it("answers plain JSON otherwise, and refuses a format it does not know with problem+json", async () => {
    const plain = await fetch(url, { headers: { accept: "application/json" } });
    expect(plain.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await plain.json()) as { title: string }).title).toBe(release.title);
    const unknown = await fetch(`${url}?format=newsml`);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it.each([
    ["/feeds/ninjs.json", "2.2"],
    ["/feeds/ninjs.json?version=3.1&lang=ru", "3.1"],
    ["/lang/ru/feed.ninjs", "2.2"],
  ] as const)("the ninjs feed %s: every item a ninjs %s document IPTC's schema accepts", async (path, version) => {
    const response = await fetch(`${stack.feedsUrl}${path}`);
    expect(response.status).toBe(200);
    const feed = (await response.json()) as {
      ninjs_version: string;
      feed_url: string;
      items: Record<string, unknown>[];
    };
    expect(feed.ninjs_version).toBe(version);
    expect(feed.items.length).toBeGreaterThan(0);
    const validate = ninjsValidators[version];
    for (const item of feed.items) expect(validate(item), JSON.stringify(validate.errors)).toBe(true);
    expect(feed.items.map((item) => (item["headlines"] as { value: string }[])[0]!.value)).toContain(release.title);
    // Conditional GET as every feed: the second ask with the ETag is a 304.
    const again = await fetch(`${stack.feedsUrl}${path}`, {
      headers: { "if-none-match": response.headers.get("etag")! },
    });
    expect(again.status).toBe(304);
  });

  it("tells agencies of a withdrawal: a withheld item in the ninjs feed, valid, with the reason", async () => {
    const doomed = { ...release, externalId: `${release.externalId}-withdrawn`, title: `${release.title} (черновик)` };
    const posted = await stack.post(doomed);
    const { id } = (await posted.json()) as { id: string };
    await eventually(async () => expect((await fetch(`${stack.feedsUrl}/v1/releases/${id}`)).status).toBe(200));
    const withdrawn = await fetch(`${stack.ingestUrl}/v1/releases/${encodeURIComponent(doomed.externalId)}`, {
      method: "DELETE",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify({ reason: "Опубликовано по ошибке" }),
    });
    expect(withdrawn.status).toBe(202);
    await eventually(async () => {
      const feed = (await (await fetch(`${stack.feedsUrl}/feeds/ninjs.json`)).json()) as {
        items: Record<string, unknown>[];
      };
      const item = feed.items.find((candidate) => candidate["uri"] === `urn:gazette:release:${id}`);
      expect(item).toMatchObject({ pubstatus: "withheld", ednote: "Опубликовано по ошибке" });
      expect(ninjsValidators["2.2"](item)).toBe(true);
    });
  });
});
