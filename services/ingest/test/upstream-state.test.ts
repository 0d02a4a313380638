import { execFile } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { promisify } from "node:util";
import { createServer, type Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createLogger, kvStreamName } from "@gazette/shared";
import type { UpstreamFeed } from "../src/upstreams/feeds-file.ts";
import { UpstreamPoller, defaultPollLimits } from "../src/upstreams/poller.ts";
import { ParserPool } from "../src/upstreams/parsing/pool.ts";
import { claimable, KvUpstreamStateStore } from "../src/upstreams/state.ts";
import { upstreamReport } from "../src/upstreams/report.ts";
import { uniqueNames } from "../../../test/support/names.ts";

describe("who may poll an upstream now (pure)", () => {
  const now = Date.parse("2026-11-28T10:00:00Z");
  it("lets a holder poll a due upstream, and keeps others out while a lease runs or the round is done", () => {
    expect(claimable({ url: "u", publisher: "p", failuresInARow: 0 }, "a", now)).toBe(true);
    expect(
      claimable(
        { url: "u", publisher: "p", failuresInARow: 0, lease: { holder: "b", until: "2026-11-28T10:01:00Z" } },
        "a",
        now,
      ),
    ).toBe(Date.parse("2026-11-28T10:01:00Z"));
    expect(
      claimable(
        { url: "u", publisher: "p", failuresInARow: 0, lease: { holder: "b", until: "2026-11-28T09:59:00Z" } },
        "a",
        now,
      ),
    ).toBe(true);
    expect(
      claimable({ url: "u", publisher: "p", failuresInARow: 0, nextPollAt: "2026-11-28T10:05:00Z" }, "a", now),
    ).toBe(Date.parse("2026-11-28T10:05:00Z"));
    expect(
      claimable({ url: "u", publisher: "p", failuresInARow: 0, nextPollAt: "2026-11-28T10:00:00.500Z" }, "a", now),
    ).toBe(true);
  });
});

describe("poll state in NATS KV: kept over restarts, one poller per upstream and round (real NATS)", () => {
  const names = uniqueNames("upstream-state");
  let nats: NatsConnection;
  let server: Server;
  let base = "";
  const requests: { path: string; ifNoneMatch?: string }[] = [];

  beforeAll(async () => {
    nats = await connect({ servers: inject("natsUrl") });
    server = createServer((req, res) => {
      requests.push({
        path: req.url ?? "",
        ...(typeof req.headers["if-none-match"] === "string" ? { ifNoneMatch: req.headers["if-none-match"] } : {}),
      });
      if (req.headers["if-none-match"] === '"v1"') return void res.writeHead(304, { etag: '"v1"' }).end();
      res
        .writeHead(200, { "content-type": "application/rss+xml", etag: '"v1"' })
        .end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><language>ru</language><item><guid>s-1</guid><title>Новость</title><description>Текст</description></item></channel></rss>`,
        );
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    server.close();
    await parser.close();
    const jsm = await jetstreamManager(nats);
    await jsm.streams.delete(kvStreamName(names.INGEST_UPSTREAMS_BUCKET)).catch(() => undefined);
    await nats.close();
  });

  // On loopback: each upstream is allowed there explicitly, as an operator allows an intranet site.
  const feed = (path: string, intervalSeconds = 1): UpstreamFeed => ({
    publisher: "demo",
    url: `${base}${path}`,
    format: "feed",
    intervalSeconds,
    timeZone: "UTC",
    allowPrivateAddresses: true,
  });
  const submit = async () => ({ status: "published" }) as never;
  const parser = new ParserPool({ threads: 1 });
  const poller = async (holder: string) =>
    new UpstreamPoller({
      submit,
      logger: createLogger("test", "silent"),
      limits: defaultPollLimits,
      store: await KvUpstreamStateStore.open(jetstream(nats), names.INGEST_UPSTREAMS_BUCKET),
      holder,
      timing: { minIntervalSeconds: 1, maxIntervalSeconds: 86_400 },
      userAgent: "Gazette-test",
      parser,
    });

  it("lets exactly one of two processes poll an upstream in a round", async () => {
    const shared = feed("/race");
    const [a, b] = [await poller("process-a"), await poller("process-b")];
    const reports = await Promise.all([a.pollOnce(shared), b.pollOnce(shared)]);
    expect(reports.map((report) => report.outcome).sort()).toEqual(["elsewhere", "fetched"]);
    expect(requests.filter((request) => request.path === "/race")).toHaveLength(1);
  });

  it("after a restart, asks with the validators it kept (304) instead of fetching everything again", async () => {
    const kept = feed("/restart", 3);
    expect((await (await poller("before-restart")).pollOnce(kept)).outcome).toBe("fetched");
    const restarted = await poller("after-restart");
    // Within the round the upstream was polled already: the restarted process waits for the next one.
    expect((await restarted.pollOnce(kept)).outcome).toBe("elsewhere");
    await sleep(2200); // the round (3 s) is due, give or take the 1 s the poller allows for clocks
    expect((await restarted.pollOnce(kept)).outcome).toBe("not-modified");
    expect(requests.filter((request) => request.path === "/restart").map((request) => request.ifNoneMatch)).toEqual([
      undefined,
      '"v1"',
    ]);
  });

  it("reports each upstream's last poll, outcome, counts and next poll", async () => {
    const store = await KvUpstreamStateStore.open(jetstream(nats), names.INGEST_UPSTREAMS_BUCKET);
    const rows = await upstreamReport([feed("/restart", 3), feed("/never")], store);
    expect(rows[0]).toMatchObject({
      url: `${base}/restart`,
      lastOutcome: "not-modified",
      failuresInARow: 0,
      polling: false,
      lastCounts: { submitted: 1, unchanged: 0, skipped: 0, dropped: 0 },
      nextPollAt: expect.any(String),
    });
    expect(rows[1]).toEqual({
      url: `${base}/never`,
      publisher: "demo",
      format: "feed",
      intervalSeconds: 1,
      polling: false,
      failuresInARow: 0,
    });
  });

  it("refuses an upstream on a private address unless it is allowed (the process setting, or the upstream's own)", async () => {
    const refused = { ...feed("/private"), allowPrivateAddresses: false };
    const report = await (await poller("guarded")).pollOnce(refused);
    expect(report).toMatchObject({
      outcome: "failed",
      error: expect.stringMatching(/127\.0\.0\.1 is not a public address.*allowPrivateAddresses/),
    });
    expect(requests.filter((request) => request.path === "/private")).toEqual([]);
  });

  it("lists them for operators: npm run gazette -- upstreams", async () => {
    const cli = join(import.meta.dirname, "..", "..", "..", "tools", "gazette.ts");
    const { stdout } = await promisify(execFile)(process.execPath, [cli, "upstreams", "--json"], {
      env: { ...process.env, NATS_URL: inject("natsUrl"), INGEST_UPSTREAMS_BUCKET: names.INGEST_UPSTREAMS_BUCKET },
    });
    const { upstreams: rows } = JSON.parse(stdout) as { upstreams: { url: string; lastOutcome?: string }[] };
    expect(rows.map((row) => new URL(row.url).pathname).sort()).toEqual(["/private", "/race", "/restart"]);
    expect(rows.find((row) => row.url.endsWith("/restart"))?.lastOutcome).toBe("not-modified");
    const { stdout: text } = await promisify(execFile)(process.execPath, [cli, "upstreams"], {
      env: { ...process.env, NATS_URL: inject("natsUrl"), INGEST_UPSTREAMS_BUCKET: names.INGEST_UPSTREAMS_BUCKET },
    });
    expect(text.split("\n")[0]).toMatch(
      /^publisher\s+url\s+last poll\s+outcome\s+in\s+unchanged\s+skipped\s+language\s+failures\s+next poll\s+why$/,
    );
    // Each polled upstream says why its next poll is when it is.
    expect(text.split("\n").find((line) => line.includes("/restart"))).toMatch(/\sinterval$/);
    expect(rows.find((row) => row.url.endsWith("/restart"))).toMatchObject({ nextPollReason: "interval" });
  });
});
