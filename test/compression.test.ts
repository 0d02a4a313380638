import { request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

/** A raw GET (fetch would decode the body): status, headers and the bytes on the wire. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("compressed feeds and JSON (real stack)", () => {
  let stack: TestStack;
  let feed = "";
  beforeAll(async () => {
    stack = await startTestStack("compression");
    for (let i = 0; i < 5; i++) expect((await stack.post(sampleRelease(`compression-${i}`))).status).toBe(202);
    feed = `${stack.feedsUrl}/feeds/feed.json`;
    for (let attempt = 0; ; attempt++) {
      const items = ((await (await fetch(feed)).json()) as { items: unknown[] }).items;
      if (items.length === 5) break;
      if (attempt > 100) throw new Error("not indexed");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  afterAll(() => stack.stop());

  it("sends each representation precompressed, by the client's q-values, with Vary and an ETag of its own", async () => {
    const identity = await rawGet(feed, {});
    const gzip = await rawGet(feed, { "accept-encoding": "gzip, deflate" });
    const br = await rawGet(feed, { "accept-encoding": "gzip, deflate, br" });
    const gzipPreferred = await rawGet(feed, { "accept-encoding": "br;q=0.5, gzip;q=1" });
    expect([
      identity.headers["content-encoding"],
      gzip.headers["content-encoding"],
      br.headers["content-encoding"],
      gzipPreferred.headers["content-encoding"],
    ]).toEqual([undefined, "gzip", "br", "gzip"]);
    for (const response of [identity, gzip, br]) expect(response.headers["vary"]).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(gzip.body).equals(identity.body)).toBe(true);
    expect(brotliDecompressSync(br.body).equals(identity.body)).toBe(true);
    expect(new Set([identity.headers["etag"], gzip.headers["etag"], br.headers["etag"]]).size).toBe(3);
    console.info(
      `feed.json with 5 releases: ${identity.body.length} bytes identity, ${gzip.body.length} gzip, ${br.body.length} brotli`,
    );
    expect(br.body.length).toBeLessThan(identity.body.length / 3);
  });

  it("answers a conditional request 304 only for the ETag of the representation it would send", async () => {
    const br = await rawGet(feed, { "accept-encoding": "br" });
    const identity = await rawGet(feed, {});
    expect((await rawGet(feed, { "accept-encoding": "br", "if-none-match": String(br.headers["etag"]) })).status).toBe(
      304,
    );
    const notModified = await rawGet(feed, { "accept-encoding": "br", "if-none-match": String(br.headers["etag"]) });
    expect(notModified.headers["vary"]).toMatch(/Accept-Encoding/i);
    expect(notModified.headers["etag"]).toBe(br.headers["etag"]);
    // The identity ETag does not validate the brotli representation, nor the other way round.
    expect(
      (await rawGet(feed, { "accept-encoding": "br", "if-none-match": String(identity.headers["etag"]) })).status,
    ).toBe(200);
    expect((await rawGet(feed, { "if-none-match": String(br.headers["etag"]) })).status).toBe(200);
    expect((await rawGet(feed, { "if-none-match": String(identity.headers["etag"]) })).status).toBe(304);
  });

  it("compresses JSON API answers above a small size", async () => {
    const search = await rawGet(`${stack.feedsUrl}/v1/search?q=${encodeURIComponent("реинтеграция")}`, {
      "accept-encoding": "gzip",
    });
    expect(search.headers["content-encoding"]).toBe("gzip");
    expect((JSON.parse(gunzipSync(search.body).toString("utf8")) as { total: number }).total).toBe(5);
  });
});
