import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { uniqueNames } from "./support/names.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { kvStreamName, watermarksBucketOf } from "@gazette/shared";

const startScript = join(import.meta.dirname, "..", "tools", "dev-stack", "start.ts");

describe("npm start (tools/dev-stack/start.ts) as a process", () => {
  const names = uniqueNames("start");
  afterAll(async () => {
    const nats = await connect({ servers: inject("natsUrl") });
    const jsm = await jetstreamManager(nats);
    await jsm.streams.delete(names.NATS_STREAM).catch(() => undefined);
    await jsm.streams.delete(kvStreamName(names.INGEST_RELEASES_BUCKET)).catch(() => undefined);
    const eventNames = { stream: names.NATS_STREAM, subjectPrefix: names.NATS_SUBJECT_PREFIX };
    await jsm.streams.delete(kvStreamName(watermarksBucketOf(eventNames))).catch(() => undefined);
    await nats.close();
    await fetch(`${inject("opensearchUrl")}/${names.OPENSEARCH_INDEX}-v*`, { method: "DELETE" });
  });

  it("starts the three services, serves a pushed release within 10 s, and stops cleanly on SIGINT", async () => {
    const [feedsPort, ingestPort, indexerPort] = [await freePort(), await freePort(), await freePort()];
    const child = spawn(process.execPath, [startScript], {
      env: {
        ...process.env,
        ...names,
        NATS_URL: inject("natsUrl"),
        OPENSEARCH_URL: inject("opensearchUrl"),
        FEEDS_PORT: String(feedsPort),
        INGEST_PORT: String(ingestPort),
        INDEXER_PORT: String(indexerPort),
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      const readyBy = Date.now() + 60_000;
      while (!output.includes("ready:")) {
        if (child.exitCode !== null || Date.now() > readyBy) throw new Error(`stack did not become ready:\n${output}`);
        await sleep(200);
      }
      const release = sampleRelease("npm-start");
      const posted = await fetch(`http://127.0.0.1:${ingestPort}/v1/releases`, {
        method: "POST",
        headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
        body: JSON.stringify(release),
      });
      expect(posted.status).toBe(202);
      const postedAt = Date.now();
      let found = { rss: false, atom: false, search: false };
      while (!(found.rss && found.atom && found.search) && Date.now() - postedAt < 10_000) {
        const rss = await (await fetch(`http://127.0.0.1:${feedsPort}/feeds/rss.xml`)).text();
        const atom = await (await fetch(`http://127.0.0.1:${feedsPort}/feeds/atom.xml`)).text();
        const search = (await (
          await fetch(`http://127.0.0.1:${feedsPort}/v1/search?q=${encodeURIComponent("реинтеграция")}`)
        ).json()) as { total: number };
        found = { rss: rss.includes(release.title), atom: atom.includes(release.title), search: search.total > 0 };
        await sleep(200);
      }
      expect(found).toEqual({ rss: true, atom: true, search: true });
    } finally {
      const exited = once(child, "exit");
      child.kill("SIGINT");
      const [code] = await exited;
      expect(code, output).toBe(0);
    }
    for (const port of [feedsPort, ingestPort, indexerPort]) {
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    }
  });
});
