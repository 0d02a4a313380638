import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";
import { eventually } from "../../../test/support/eventually.ts";
import { ministryRss } from "../../../test/support/ministry-rss.ts";

const rss = ministryRss;

const kazakh = {
  title: "Ауыл шаруашылығы министрлігі көктемгі егіс жұмыстарына жеңілдетілген несие беруді бастады",
  text: "Фермерлер жылдық 5 пайызбен несие ала алады. Өтінімдер аудан әкімдіктері арқылы 1 сәуірге дейін қабылданады.",
};
const tajik = {
  title: "Вазорати маориф ва илм дар бораи омодагӣ ба соли нави таҳсил хабар дод",
  text: "Дар саросари ҷумҳурӣ 80 мактаби нав ба истифода дода мешавад.",
};

describe("pulled items without a declared language, on real NATS", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-languages-"));
  const documents = new Map<string, string>([
    [
      "/undeclared.rss",
      rss(undefined, [
        { guid: "kk-1", ...kazakh },
        { guid: "tg-1", ...tajik },
        { guid: "short-1", title: "Анонс", text: "12.03" },
      ]),
    ],
    ["/declared-ru.rss", rss("ru", [{ guid: "kk-marked-ru", ...kazakh }])],
  ]);
  const server: Server = createServer((req, res) => {
    const body = documents.get(req.url ?? "");
    if (body === undefined) res.writeHead(404).end();
    else res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" }).end(body);
  });
  let ingest: TestIngest;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const feedsFile = join(dir, "upstream.json");
    writeFileSync(
      feedsFile,
      JSON.stringify({
        feeds: [...documents.keys()].map((path) => ({ publisher: "demo", url: `${base}${path}`, intervalSeconds: 2 })),
      }),
    );
    ingest = await startTestIngest("languages", inject("natsUrl"), {
      INGEST_UPSTREAM_FEEDS_FILE: feedsFile,
      // First polls are spread over the interval: a short one keeps the test short.
      INGEST_UPSTREAM_MIN_INTERVAL_SECONDS: "1",
    });
  });

  afterAll(async () => {
    await ingest?.stop();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const releaseOf = async (externalId: string) =>
    ((await (await ingest.call("GET", `/v1/releases/${externalId}`)).json()) as { release: Record<string, unknown> })
      .release;

  it("takes them in with the detected language (languageSource detected), or und when the text is too short", async () => {
    await eventually(async () => expect(await ingest.eventCount()).toBeGreaterThanOrEqual(4));
    expect(await releaseOf("kk-1")).toMatchObject({ language: "kk", languageSource: "detected" });
    expect(await releaseOf("tg-1")).toMatchObject({ language: "tg", languageSource: "detected" });
    expect(await releaseOf("short-1")).toMatchObject({ language: "und", languageSource: "detected" });
    const declared = await releaseOf("kk-marked-ru");
    expect(declared).toMatchObject({ language: "ru" });
    expect(declared["languageSource"]).toBeUndefined();
  });

  it("reports per upstream how many were detected, kept as und, or contradict the declared language", async () => {
    const { upstreams } = (await (await ingest.call("GET", "/v1/upstreams")).json()) as {
      upstreams: { url: string; lastCounts?: Record<string, number>; languages?: Record<string, unknown>[] }[];
    };
    const undeclared = upstreams.find((upstream) => upstream.url.endsWith("/undeclared.rss"));
    expect(undeclared).toMatchObject({
      lastCounts: { submitted: 3, languageDetected: 2, languageUndetermined: 1, languageMismatched: 0 },
      languages: [{ ref: "short-1", kind: "undetermined" }],
    });
    const declared = upstreams.find((upstream) => upstream.url.endsWith("/declared-ru.rss"));
    expect(declared).toMatchObject({
      lastCounts: { submitted: 1, languageMismatched: 1 },
      languages: [{ ref: "kk-marked-ru", kind: "mismatch", declared: "ru", detected: "kk" }],
    });
  });
});
