import { once } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
import { createGzip } from "node:zlib";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger, GazetteError } from "@gazette/shared";
import { UpstreamPoller, type PollLimits } from "../src/upstreams/poller.ts";
import { ParserPool } from "../src/upstreams/parsing/pool.ts";
import type { UpstreamFeed } from "../src/upstreams/feeds-file.ts";
import { decodeBody, sniffEncoding } from "../src/upstreams/parsing/charset.ts";
import { entriesOfFeed } from "../src/upstreams/parsing/items.ts";
import { retryAfterSeconds } from "../src/upstreams/fetch.ts";
import { nextPollDelayMs } from "../src/upstreams/poll-timing.ts";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";

/** An RSS 2.0 document with one item, as a ministry's older site writes it. */
function rss(title: string, body: string, prolog = '<?xml version="1.0" encoding="UTF-8"?>', guid = "item-1"): string {
  return `${prolog}
<rss version="2.0"><channel><title>Министерство</title><link>https://mfa.example.kz/</link><language>ru</language>
<item><guid isPermaLink="false">${guid}</guid><title>${title}</title><link>https://mfa.example.kz/news/1</link>
<pubDate>Tue, 14 May 2024 10:00:00 +0500</pubDate><description><![CDATA[${body}]]></description></item>
</channel></rss>`;
}

const russianTitle = "Министр иностранных дел провёл встречу с послом Японии";
const latin1Title = "Réunion à Genève: coopération économique";

describe("upstream charsets: BOM, HTTP charset, XML declaration, then UTF-8 (iconv-lite)", () => {
  const cases: [string, Buffer, string | null, string, string][] = [
    [
      "windows-1251 named by the HTTP header",
      iconv.encode(rss(russianTitle, "<p>Текст</p>", '<?xml version="1.0"?>'), "windows-1251"),
      "application/rss+xml; charset=windows-1251",
      "windows-1251",
      russianTitle,
    ],
    [
      "windows-1251 named by the XML declaration only",
      iconv.encode(rss(russianTitle, "<p>Текст</p>", '<?xml version="1.0" encoding="windows-1251"?>'), "windows-1251"),
      "text/xml",
      "windows-1251",
      russianTitle,
    ],
    [
      "KOI8-R named by the XML declaration",
      iconv.encode(rss(russianTitle, "<p>Текст</p>", '<?xml version="1.0" encoding="KOI8-R"?>'), "koi8-r"),
      "application/xml",
      "koi8-r",
      russianTitle,
    ],
    [
      "ISO-8859-1 named by the HTTP header",
      iconv.encode(rss(latin1Title, "<p>Texte</p>", '<?xml version="1.0"?>'), "latin1"),
      "application/rss+xml; charset=ISO-8859-1",
      "iso-8859-1",
      latin1Title,
    ],
    [
      "UTF-16LE with a BOM",
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        iconv.encode(rss(russianTitle, "<p>Текст</p>", '<?xml version="1.0" encoding="UTF-16"?>'), "utf-16le"),
      ]),
      "application/rss+xml",
      "utf-16le",
      russianTitle,
    ],
    [
      "UTF-16BE without a BOM",
      iconv.encode(rss(russianTitle, "<p>Текст</p>", '<?xml version="1.0" encoding="UTF-16"?>'), "utf-16be"),
      "application/xml",
      "utf-16be",
      russianTitle,
    ],
    [
      "UTF-32LE with a BOM",
      Buffer.concat([
        Buffer.from([0xff, 0xfe, 0x00, 0x00]),
        iconv.encode(rss(russianTitle, "<p>Текст</p>", '<?xml version="1.0" encoding="UTF-32"?>'), "utf-32le"),
      ]),
      null,
      "utf-32le",
      russianTitle,
    ],
    [
      "UTF-8 with a BOM, the header saying latin1",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(russianTitle, "<p>Текст</p>"))]),
      "text/xml; charset=ISO-8859-1",
      "utf-8",
      russianTitle,
    ],
    [
      "an unknown HTTP charset falls through to the XML declaration",
      iconv.encode(rss(russianTitle, "<p>Текст</p>", '<?xml version="1.0" encoding="windows-1251"?>'), "windows-1251"),
      "text/xml; charset=x-unknown-42",
      "windows-1251",
      russianTitle,
    ],
  ];

  it.each(cases)("%s", (_name, bytes, contentType, encoding, title) => {
    expect(sniffEncoding(bytes, contentType).encoding).toBe(encoding);
    const entries = entriesOfFeed(decodeBody(bytes, contentType).text, {});
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry !== undefined && "release" in entry ? entry.release.title : entry).toBe(title);
  });
});

describe("upstream text decoded exactly once", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title><language>en</language>
<item><guid>fire</guid><title>The Land of Fire &#038; Ice</title><link>https://example.org/?p=1&amp;lang=en</link>
<category>Television &amp; radio</category><category><![CDATA[Q&A]]></category>
<description>History of the &amp;lt;blink&amp;gt; tag &amp;amp; more</description>
<content:encoded><![CDATA[<p>Write <code>&lt;br /></code> for a break &amp; move on.</p>]]></content:encoded></item>
<item><guid>blink</guid><title>History of the &lt;blink&gt; tag</title><description>&lt;p&gt;Text &amp;amp; more&lt;/p&gt;</description></item>
</channel></rss>`;

  it("keeps &, < and quotes as themselves in titles, tags and summaries, and escaped markup escaped in content", () => {
    const releases = entriesOfFeed(xml, {}).flatMap((entry) => ("release" in entry ? [entry.release] : []));
    const fire = releases.find((release) => release.externalId === "fire")!;
    expect(fire.title).toBe("The Land of Fire & Ice");
    expect(fire.tags).toEqual(["Television & radio", "Q&A"]);
    expect(fire.summary).toBe("History of the <blink> tag & more");
    expect(fire.body).toBe("<p>Write <code>&lt;br /&gt;</code> for a break &amp; move on.</p>");
    expect(fire.sourceUrl).toBe("https://example.org/?p=1&lang=en");
    const blink = releases.find((release) => release.externalId === "blink")!;
    expect(blink.title).toBe("History of the <blink> tag");
    expect(blink.body).toBe("<p>Text &amp; more</p>");
  });
});

describe("Retry-After and the poll delay", () => {
  it("reads seconds and HTTP-dates, and never waits past the hour's ceiling (a huge value once became 1 ms)", () => {
    const now = Date.parse("2026-11-28T10:00:00Z");
    expect(retryAfterSeconds("120", now)).toBe(120);
    expect(retryAfterSeconds("Sat, 28 Nov 2026 10:05:00 GMT", now)).toBe(300);
    expect(retryAfterSeconds("Sat, 28 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(retryAfterSeconds("soon", now)).toBeUndefined();
    expect(nextPollDelayMs(60, 1, 10 ** 12)).toBe(3_600_000);
    expect(nextPollDelayMs(60, 1, 3_000_000)).toBe(3_600_000);
    expect(nextPollDelayMs(60, 1000)).toBe(3_600_000);
    expect(nextPollDelayMs(60, 1, retryAfterSeconds("Sat, 28 Nov 2026 10:05:00 GMT", now))).toBe(300_000);
  });
});

/** A hostile web server on loopback. */
function hostileServer(gzipBomb: Buffer) {
  const open = new Set<ServerResponse>();
  const feeds = new Map<string, { type: string; body: Buffer }>();
  const server: Server = createServer((req, res) => {
    open.add(res);
    res.on("close", () => open.delete(res));
    const path = req.url ?? "";
    if (path === "/huge") {
      // 500 MB, chunked, as fast as the client reads: never told up front.
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const chunk = Buffer.alloc(64 * 1024, "<item><title>x</title></item>");
      let sent = 0;
      const pump = () => {
        while (sent < 500 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
      return;
    }
    if (path === "/bomb") {
      res
        .writeHead(200, {
          "content-type": "application/rss+xml",
          "content-encoding": "gzip",
          "content-length": gzipBomb.length,
        })
        .end(gzipBomb);
      return;
    }
    if (path === "/endless") {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.write("<?xml version='1.0'?><rss version='2.0'><channel>");
      const timer = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(timer));
      return;
    }
    const feed = feeds.get(path);
    if (feed === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": feed.type }).end(feed.body);
  });
  return {
    server,
    feeds,
    closeAll: () => {
      for (const res of open) res.destroy();
    },
  };
}

/** 400 MB of zeros, gzipped (about 400 KB): made by streaming, never held whole. */
async function makeGzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on("data", (part: Buffer) => parts.push(part));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < 400; i++) if (!gzip.write(zeros)) await once(gzip, "drain");
  gzip.end();
  await once(gzip, "end");
  return Buffer.concat(parts);
}

describe("hostile upstreams cost only their own poll: the push API keeps answering (real NATS)", () => {
  let ingest: TestIngest;
  let hostile: ReturnType<typeof hostileServer>;
  let base = "";
  const limits: PollLimits = { maxBytes: 5 * 1024 * 1024, timeoutMs: 3000, maxItems: 20 };
  const parser = new ParserPool({ threads: 2 });

  beforeAll(async () => {
    hostile = hostileServer(await makeGzipBomb());
    hostile.server.listen(0, "127.0.0.1");
    await once(hostile.server, "listening");
    base = `http://127.0.0.1:${(hostile.server.address() as { port: number }).port}`;
    ingest = await startTestIngest("hostile", inject("natsUrl"), { INGEST_RATE_LIMIT_PER_MINUTE: "100000" });
  }, 60_000);

  afterAll(async () => {
    hostile.closeAll();
    hostile.server.close();
    await parser.close();
    await ingest.stop();
  });

  /** A poller whose entries go through the running ingest's real push path (HTTP → NATS). */
  function poller(): UpstreamPoller {
    const submit = async (_publisher: string, input: unknown) => {
      const response = await ingest.call("POST", "/v1/releases", input);
      const body = (await response.json()) as { status: string; detail?: string };
      if (response.status >= 400) throw new GazetteError("VALIDATION_FAILED", body.detail ?? String(response.status));
      return body as never;
    };
    // The upstreams here are on loopback: allowed, as an operator would allow an intranet site.
    return new UpstreamPoller({
      submit,
      logger: createLogger("test", "silent"),
      limits,
      outbound: { allowPrivate: true },
      userAgent: "Gazette-test",
      parser,
    });
  }
  const feed = (path: string, extra: Partial<UpstreamFeed> = {}): UpstreamFeed => ({
    publisher: "demo",
    url: `${base}${path}`,
    format: "feed",
    intervalSeconds: 300,
    timeZone: "UTC",
    allowPrivateAddresses: false,
    ...extra,
  });

  it("cuts a 500 MB chunked body, a gzip bomb and an endless stream at their limits while POSTs keep succeeding, in bounded memory", async () => {
    const feeds = [feed("/huge"), feed("/bomb"), feed("/endless")];
    const pollers = poller();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const polls = Promise.all(feeds.map((f) => pollers.pollOnce(f)));
    const statuses: number[] = [];
    const latencies: number[] = [];
    let settled = false;
    void polls.then(() => (settled = true));
    for (let i = 0; !settled || i < 10; i++) {
      const started = performance.now();
      const response = await ingest.call("POST", "/v1/releases", {
        externalId: `during-${i}`,
        language: "ru",
        title: `Во время опроса ${i}`,
        body: "<p>Текст</p>",
      });
      latencies.push(performance.now() - started);
      statuses.push(response.status);
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 20)); // a busy publisher: ~50 releases a second
    }
    const [huge, bomb, endless] = await polls;
    clearInterval(sampler);
    expect(huge).toMatchObject({ outcome: "failed", error: expect.stringMatching(/exceeds 5242880 bytes/) });
    expect(bomb).toMatchObject({
      outcome: "failed",
      error: expect.stringMatching(/exceeds 5242880 bytes once decompressed/),
    });
    expect(endless).toMatchObject({ outcome: "failed", error: expect.stringMatching(/within 3 s/) });
    expect(new Set(statuses)).toEqual(new Set([202]));
    const growthMb = (rssPeak - rssBefore) / 1048576;
    const median = latencies.sort((a, b) => a - b)[Math.floor(latencies.length / 2)]!;
    console.info(
      `hostile polls: ${statuses.length} POSTs all 202, median ${median.toFixed(1)} ms; RSS grew by at most ${growthMb.toFixed(0)} MB (bound: 200 MB)`,
    );
    expect(growthMb).toBeLessThan(200);
  }, 60_000);

  it("takes windows-1251, KOI8-R and UTF-16 feeds in through the push path with their text intact", async () => {
    const documents: [string, Buffer, string][] = [
      [
        "/cp1251",
        iconv.encode(rss("Встреча в Астане", "<p>Об итогах</p>", '<?xml version="1.0"?>', "cp1251"), "windows-1251"),
        "application/rss+xml; charset=windows-1251",
      ],
      [
        "/koi8",
        iconv.encode(
          rss("Заседание коллегии", "<p>Итоги года</p>", '<?xml version="1.0" encoding="koi8-r"?>', "koi8"),
          "koi8-r",
        ),
        "text/xml",
      ],
      [
        "/utf16",
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          iconv.encode(
            rss("Ұлттық құрылтай", "<p>Мәтін</p>", '<?xml version="1.0" encoding="UTF-16"?>', "utf16"),
            "utf-16le",
          ),
        ]),
        "application/xml",
      ],
    ];
    for (const [path, body, type] of documents) hostile.feeds.set(path, { type, body });
    const feeds = documents.map(([path]) => feed(path));
    const reports = await Promise.all(feeds.map((f) => poller().pollOnce(f)));
    expect(reports.map((report) => report.submitted)).toEqual([1, 1, 1]);
    for (const [id, title] of [
      ["cp1251", "Встреча в Астане"],
      ["koi8", "Заседание коллегии"],
      ["utf16", "Ұлттық құрылтай"],
    ] as const) {
      const stored = (await (await ingest.call("GET", `/v1/releases/${id}`)).json()) as {
        release: { title: string; body: string };
      };
      expect(stored.release.title).toBe(title);
      expect(stored.release.body).not.toContain("\uFFFD");
    }
  });

  it("keeps entities, images, relative links and named-zone dates exact through the push path into NATS", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title><language>en</language>
<item><guid>exact-1</guid><title>The Land of Fire &#038; Ice</title><link>https://mfa.example.kz/news/fire-and-ice</link><pubDate>Tue, 14 May 2024 10:00:00 MSK</pubDate>
<category>Television &amp; radio</category>
<content:encoded><![CDATA[<p>Write <code>&lt;br /></code> for a break &amp; see <a href="/docs/guide">the guide</a>.</p>]]></content:encoded>
<media:content url="/uploads/fire.jpg?w=800&amp;h=600"><media:credit>Photo: Ministry press office</media:credit></media:content></item></channel></rss>`;
    hostile.feeds.set("/exact", { type: "application/rss+xml; charset=utf-8", body: Buffer.from(xml) });
    expect((await poller().pollOnce(feed("/exact"))).submitted).toBe(1);
    const { release } = (await (await ingest.call("GET", "/v1/releases/exact-1")).json()) as {
      release: {
        title: string;
        tags: string[];
        body: string;
        sourceUrl: string;
        publishedAt: string;
        images: unknown[];
      };
    };
    expect(release.title).toBe("The Land of Fire & Ice");
    expect(release.tags).toEqual(["Television & radio"]);
    // Relative links and images resolve against the item's link.
    expect(release.body).toBe(
      '<p>Write <code>&lt;br /&gt;</code> for a break &amp; see <a href="https://mfa.example.kz/docs/guide">the guide</a>.</p>',
    );
    expect(release.sourceUrl).toBe("https://mfa.example.kz/news/fire-and-ice");
    expect(release.publishedAt).toBe("2024-05-14T07:00:00.000Z");
    expect(release.images).toEqual([
      { url: "https://mfa.example.kz/uploads/fire.jpg?w=800&h=600", credit: "Ministry press office" },
    ]);
  });

  it("submits at most the configured number of entries of a huge feed", async () => {
    const items = Array.from(
      { length: 100 },
      (_, i) => `<item><guid>many-${i}</guid><title>Сообщение ${i}</title><description>Текст ${i}</description></item>`,
    ).join("");
    hostile.feeds.set("/many", {
      type: "application/rss+xml",
      body: Buffer.from(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><language>ru</language>${items}</channel></rss>`,
      ),
    });
    const report = await poller().pollOnce(feed("/many"));
    expect(report.submitted + report.unchanged).toBe(20);
  });
});

describe("upstream links and images", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title><language>ru</language>
<item><guid>rel-1</guid><title>С относительными ссылками</title><link>/news/2024/05/visit</link>
<description><![CDATA[<p>См. <a href="/docs/plan.pdf">план</a> и <a href="#top">начало</a>.</p><p><img src="/sites/default/files/photo.jpg" alt="Фото"></p>]]></description>
<media:content url="https://cdn.example.kz/img/visit.jpg?w=800&amp;h=600"><media:title>Визит</media:title></media:content></item>
<item><guid>rel-2</guid><title>Ссылка на другой сайт</title><link>https://gov.example.kz/press/7</link>
<description><![CDATA[<p><a href="../press/6">Предыдущая</a></p>]]></description></item>
</channel></rss>`;

  it("resolves relative links and images against the item's link, else the feed's URL, and takes typeless Media RSS images by extension", () => {
    const releases = entriesOfFeed(xml, { url: "https://mfa.example.kz/rss/news.xml" }).flatMap((entry) =>
      "release" in entry ? [entry.release] : [],
    );
    const first = releases.find((release) => release.externalId === "rel-1")!;
    expect(first.sourceUrl).toBe("https://mfa.example.kz/news/2024/05/visit");
    expect(first.body).toContain('href="https://mfa.example.kz/docs/plan.pdf"');
    expect(first.body).toContain('href="#top"');
    expect(first.body).toContain('src="https://mfa.example.kz/sites/default/files/photo.jpg"');
    expect(first.images).toEqual([{ url: "https://cdn.example.kz/img/visit.jpg?w=800&h=600", caption: "Визит" }]);
    const second = releases.find((release) => release.externalId === "rel-2")!;
    expect(second.body).toContain('href="https://gov.example.kz/press/6"');
  });
});

describe("pushed text: character references decoded exactly once, as for pulled text", () => {
  it("decodes what a CMS escaped in titles, tags, summaries and captions, and leaves & alone elsewhere", async () => {
    const { normalizeReleaseInput } = await import("../src/releases/normalize-release.ts");
    const release = normalizeReleaseInput({
      externalId: "cms-1",
      language: "en",
      title: "The Land of Fire &#038; Ice: AT&T and R&D",
      summary: "Q&amp;A on &lt;blink&gt;",
      body: "<p>Fish &amp; chips</p>",
      tags: ["Television &amp; radio", "Q&A"],
      images: [{ url: "https://example.org/a.jpg", caption: "Smith &amp; Sons", credit: "&copy; Ministry" }],
    });
    expect(release.title).toBe("The Land of Fire & Ice: AT&T and R&D");
    expect(release.summary).toBe("Q&A on <blink>");
    expect(release.tags).toEqual(["Television & radio", "Q&A"]);
    expect(release.images[0]).toMatchObject({ caption: "Smith & Sons", credit: "© Ministry" });
    expect(release.body).toBe("<p>Fish &amp; chips</p>");
  });
});

describe("upstream dates", () => {
  const cases: [string, string, string | undefined][] = [
    ["RFC 822 with a numeric offset", "Tue, 14 May 2024 10:00:00 +0500", "2024-05-14T05:00:00.000Z"],
    ["RFC 822 in GMT", "Tue, 14 May 2024 10:00:00 GMT", "2024-05-14T10:00:00.000Z"],
    ["a named zone: MSK", "Tue, 14 May 2024 10:00:00 MSK", "2024-05-14T07:00:00.000Z"],
    [
      "ALMT before Kazakhstan moved to UTC+5 (1 March 2024)",
      "Thu, 01 Feb 2024 10:00:00 ALMT",
      "2024-02-01T04:00:00.000Z",
    ],
    ["ALMT after it", "Fri, 01 Mar 2024 10:00:00 ALMT", "2024-03-01T05:00:00.000Z"],
    ["RFC 822's EST", "Tue, 14 May 2024 10:00:00 EST", "2024-05-14T15:00:00.000Z"],
    ["MET (with its summer time)", "Tue, 14 May 2024 10:00:00 MET", "2024-05-14T08:00:00.000Z"],
    ["Portuguese day and month names", "Seg, 24 Set 2018 08:30:00 -0300", "2018-09-24T11:30:00.000Z"],
    ["Russian day and month names", "Вт, 14 мая 2024 10:00:00 +0500", "2024-05-14T05:00:00.000Z"],
    ["Russian, as a site prints it", "03 сентября 2025, 18:20", "2025-09-03T18:20:00.000Z"],
    ["Russian abbreviation with г.", "14 янв. 2024 г. 09:15", "2024-01-14T09:15:00.000Z"],
    ["a two-digit year", "Tue, 14 May 24 10:00 +0000", "2024-05-14T10:00:00.000Z"],
    ["ISO 8601 with an offset", "2024-05-14T10:00:00+03:00", "2024-05-14T07:00:00.000Z"],
    ["an unknown zone", "Tue, 14 May 2024 10:00:00 XYZ", undefined],
    ["an impossible day", "31 Feb 2024 10:00", undefined],
    ["junk", "yesterday-ish", undefined],
  ];
  it.each(cases)("%s", async (_name, raw, expected) => {
    const { parseFeedDate } = await import("../src/upstreams/parsing/dates.ts");
    expect(parseFeedDate(raw)?.toISOString()).toBe(expected);
  });

  it("reads a time without a zone in the upstream's configured zone, never the host's", async () => {
    const { parseFeedDate } = await import("../src/upstreams/parsing/dates.ts");
    expect(parseFeedDate("2024-05-14T10:00:00", "Asia/Almaty")?.toISOString()).toBe("2024-05-14T05:00:00.000Z");
    expect(parseFeedDate("14 Мамыр 2024 10:00", "Asia/Almaty")?.toISOString()).toBe("2024-05-14T05:00:00.000Z");
    expect(parseFeedDate("2024-05-14T10:00:00")?.toISOString()).toBe("2024-05-14T10:00:00.000Z");
  });

  it("keeps an item whose date cannot be read, dated by its receipt, and says so", () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><language>ru</language>
<item><guid>d-1</guid><title>Дата по-русски</title><pubDate>Вт, 14 мая 2024 10:00:00 MSK</pubDate><description>Текст</description></item>
<item><guid>d-2</guid><title>Без даты</title><pubDate>когда-нибудь</pubDate><description>Текст</description></item>
<item><guid>d-3</guid><title>Без зоны</title><pubDate>2024-05-14 10:00</pubDate><description>Текст</description></item></channel></rss>`;
    const entries = entriesOfFeed(xml, { timeZone: "Asia/Almaty" });
    const byId = new Map(
      entries.flatMap((entry) => ("release" in entry ? [[entry.release.externalId, entry] as const] : [])),
    );
    expect(byId.get("d-1")?.release.publishedAt).toBe("2024-05-14T07:00:00.000Z");
    expect(byId.get("d-2")?.release.publishedAt).toBeUndefined();
    expect(byId.get("d-2")?.dropped).toEqual([expect.stringMatching(/date could not be read/)]);
    expect(byId.get("d-3")?.release.publishedAt).toBe("2024-05-14T05:00:00.000Z");
  });
});

describe("upstream media and Atom content types", () => {
  it("takes Media RSS groups, thumbnails and credits", () => {
    const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>t</title><language>ru</language>
<item><guid>g-1</guid><title>Группа</title><description>Текст</description>
<media:group><media:content url="https://x.kz/big.jpg" medium="image"/><media:credit>Фото: пресс-служба МИД</media:credit></media:group></item>
<item><guid>g-2</guid><title>Миниатюра</title><description>Текст</description><media:thumbnail url="https://x.kz/thumb.jpg?w=1&amp;h=2"/><media:credit role="photographer">Иван Петров</media:credit></item>
</channel></rss>`;
    const releases = entriesOfFeed(xml, {}).flatMap((entry) => ("release" in entry ? [entry.release] : []));
    expect(releases.find((release) => release.externalId === "g-1")?.images).toEqual([
      { url: "https://x.kz/big.jpg", credit: "пресс-служба МИД" },
    ]);
    expect(releases.find((release) => release.externalId === "g-2")?.images).toEqual([
      { url: "https://x.kz/thumb.jpg?w=1&h=2", credit: "Иван Петров" },
    ]);
  });

  it("reads Atom type=text content as text, type=html titles without their markup, and links under xml:base", () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://gov.example.kz/ru/" xml:lang="ru"><title>t</title><id>x</id><updated>2024-01-01T00:00:00Z</updated>
<entry><id>e1</id><title type="text">a &lt; b</title><updated>2024-01-01T00:00:00Z</updated><link href="news/1"/><content type="text">Use &lt;br&gt; &amp; go

Second paragraph</content></entry>
<entry><id>e2</id><title type="html">&lt;b&gt;Bold&lt;/b&gt; news</title><updated>2024-01-01T00:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>x</b></p></div></content></entry></feed>`;
    const releases = entriesOfFeed(atom, {}).flatMap((entry) => ("release" in entry ? [entry.release] : []));
    const text = releases.find((release) => release.externalId === "e1")!;
    expect(text.title).toBe("a < b");
    expect(text.body).toBe("<p>Use &lt;br&gt; &amp; go</p><p>Second paragraph</p>");
    expect(text.sourceUrl).toBe("https://gov.example.kz/ru/news/1");
    const html = releases.find((release) => release.externalId === "e2")!;
    expect(html.title).toBe("Bold news");
    expect(html.body).toBe("<p>Hello <b>x</b></p>");
  });
});

describe("upstream mapping: what belongs to the item", () => {
  it("takes the item's own categories (never the channel's), the core description (not media:description), and no excerpt furniture", () => {
    const xml = `<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title><language>ru</language><category>Новости министерства</category>
<item><guid>c-1</guid><title>Один</title><media:description>Подпись к фото</media:description><description>Настоящее описание записи</description><content:encoded><![CDATA[<p>Полный текст</p>]]></content:encoded><category>Визиты</category><dc:subject>Дипломатия</dc:subject></item>
<item><guid>c-2</guid><title>Два</title><description><![CDATA[<p>Краткий текст записи &#8230; <a href="https://x.kz/2">Continue reading <span class="screen-reader-text">Два</span> &#8594;</a></p><p>The post <a href="https://x.kz/2">Два</a> appeared first on <a href="https://x.kz">Сайт</a>.</p>]]></description><content:encoded><![CDATA[<p>Полный текст два</p>]]></content:encoded></item>
</channel></rss>`;
    const releases = entriesOfFeed(xml, {}).flatMap((entry) => ("release" in entry ? [entry.release] : []));
    expect(releases.map((release) => [release.externalId, release.tags, release.summary])).toEqual([
      ["c-1", ["Визиты", "Дипломатия"], "Настоящее описание записи"],
      ["c-2", [], "Краткий текст записи"],
    ]);
  });

  it("takes WordPress categories and tags, not every taxonomy", async () => {
    const { entriesOfWordPressPosts } = await import("../src/upstreams/parsing/items.ts");
    const posts = [
      {
        id: 1,
        guid: { rendered: "https://x.kz/?p=1" },
        title: { rendered: "T" },
        content: { rendered: "<p>c</p>" },
        excerpt: { rendered: "<p>Кратко [&hellip;]</p>" },
        link: "https://x.kz/1",
        date_gmt: "2024-05-01T10:00:00",
        _embedded: {
          "wp:term": [
            [{ name: "Культура", taxonomy: "category" }],
            [{ name: "Television &amp; radio", taxonomy: "post_tag" }],
            [
              { name: "Иван Петров", taxonomy: "author_tax" },
              { name: "Gallery", taxonomy: "post_format" },
            ],
          ],
        },
      },
    ];
    const [entry] = entriesOfWordPressPosts(JSON.stringify(posts), { language: "ru" });
    expect(entry !== undefined && "release" in entry ? [entry.release.tags, entry.release.summary] : entry).toEqual([
      ["Культура", "Television & radio"],
      "Кратко",
    ]);
  });
});
