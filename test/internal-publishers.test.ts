import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./support/eventually.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** An internal ministry's site on this machine: an RSS feed whose links are relative, so on 127.0.0.1. */
const internalFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Intranet press office</title><link>/</link><description>x</description>
<language>ru</language>
<item><title>Внутренний релиз о водоснабжении</title><link>/press/42</link><guid>intranet-42</guid>
<pubDate>Mon, 02 Nov 2026 06:00:00 +0000</pubDate>
<enclosure url="/media/42.jpg" type="image/jpeg" length="2048"/>
<description><![CDATA[<p>Текст о водоснабжении.</p>]]></description></item>
</channel></rss>`;

describe("publishers on an internal network: links on IP addresses and single-label hosts (real stack)", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-internal-"));
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" }).end(internalFeed);
  });
  let stack: TestStack;
  let feedBase = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    feedBase = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const registry = {
      publishers: [
        {
          id: "intranet-gov",
          name: { ru: "Внутреннее ведомство" },
          keySha256: [sha256("intranet-key")],
          internal: true,
        },
        { id: "public-gov", name: { ru: "Публичное ведомство" }, keySha256: [sha256("public-key")] },
      ],
    };
    writeFileSync(join(dir, "publishers.json"), JSON.stringify(registry));
    const feeds = [
      { publisher: "intranet-gov", url: `${feedBase}/rss`, intervalSeconds: 2, allowPrivateAddresses: true },
    ];
    writeFileSync(join(dir, "upstream.json"), JSON.stringify({ feeds }));
    stack = await startTestStack("internal", {
      PUBLISHERS_FILE: join(dir, "publishers.json"),
      INGEST_UPSTREAM_FEEDS_FILE: join(dir, "upstream.json"),
      // First polls are spread over the interval: a short one keeps the test short.
      INGEST_UPSTREAM_MIN_INTERVAL_SECONDS: "1",
    });
  });

  afterAll(async () => {
    await stack?.stop();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const withInternalLinks = (externalId: string) => ({
    ...sampleRelease(externalId),
    sourceUrl: "http://intranet/press/7",
    images: [{ url: "http://10.20.30.40/media/7.jpg", caption: "Фото" }],
  });

  it("takes a pushed release linking to an IP and a single-label host from the internal publisher only", async () => {
    const internal = await stack.post(withInternalLinks("internal-push"), "intranet-key");
    expect(internal.status).toBe(202);
    const refused = await stack.post(withInternalLinks("public-push"), "public-key");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      errors: expect.arrayContaining([expect.objectContaining({ field: "sourceUrl" })]),
    });
    const credentials = await stack.post(
      { ...sampleRelease("credentials"), sourceUrl: "http://user:secret@intranet/press/8" },
      "intranet-key",
    );
    expect(credentials.status).toBe(400);
  });

  it("indexes and serves it with its links (the indexer and feeds take what ingest took)", async () => {
    const { id } = (await (await stack.post(withInternalLinks("internal-served"), "intranet-key")).json()) as {
      id: string;
    };
    const release = await eventually(async () => {
      const response = await fetch(`${stack.feedsUrl}/v1/releases/${id}`);
      expect(response.status).toBe(200);
      return (await response.json()) as { url: string; images: { url: string }[] };
    });
    expect(release.url).toBe("http://intranet/press/7");
    expect(release.images[0]?.url).toBe("http://10.20.30.40/media/7.jpg");
  });

  it("takes in an internal upstream whose links resolve to its own IP host", async () => {
    const response = await eventually(async () => {
      const found = await fetch(`${stack.ingestUrl}/v1/releases/intranet-42`, {
        headers: { authorization: "Bearer intranet-key" },
      });
      expect(found.status).toBe(200);
      return (await found.json()) as { release: { sourceUrl?: string; images: { url: string }[] } };
    });
    expect(response.release.sourceUrl).toBe(`${feedBase}/press/42`);
    expect(response.release.images.map((image) => image.url)).toEqual([`${feedBase}/media/42.jpg`]);
  });
});
