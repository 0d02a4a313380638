import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { publisherName, kvStreamName } from "@gazette/shared";
import { sampleRelease } from "./support/sample-release.ts";
import { startTestStack, type TestStack } from "./support/stack-harness.ts";
import { eventually } from "./support/eventually.ts";

describe("publisherName (pure)", () => {
  const names = new Map<string, Record<string, string>>([
    ["mfa-kz", { ru: "МИД РК", kk: "ҚР СІМ", en: "MFA of Kazakhstan" }],
    ["only-en", { en: "Ministry" }],
  ]);
  it("takes the reader's language, its primary subtag, then ru, kk, en, then any; the id when there is no name", () => {
    expect(publisherName(names, "mfa-kz", "kk")).toBe("ҚР СІМ");
    expect(publisherName(names, "mfa-kz", "en-GB")).toBe("MFA of Kazakhstan");
    expect(publisherName(names, "mfa-kz", "uz")).toBe("МИД РК");
    expect(publisherName(names, "only-en", "ru")).toBe("Ministry");
    expect(publisherName(names, "unknown", "ru")).toBe("unknown");
  });
});

describe("ministries by name in feeds and pages, renamed without a reindex (real stack)", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-names-"));
  const file = join(dir, "publishers.json");
  const key = "names-test-key";
  const registry = (ru: string) => ({
    publishers: [
      {
        id: "mfa-kz",
        name: { ru, kk: "ҚР Сыртқы істер министрлігі", en: "Ministry of Foreign Affairs of Kazakhstan" },
        keySha256: [createHash("sha256").update(key).digest("hex")],
      },
    ],
  });
  const bucket = `publishers-names-${Date.now().toString(36)}`;
  let stack: TestStack;

  beforeAll(async () => {
    writeFileSync(file, JSON.stringify(registry("Министерство иностранных дел РК")));
    stack = await startTestStack("names", { PUBLISHERS_FILE: file, PUBLISHERS_BUCKET: bucket });
    expect((await stack.post(sampleRelease("names-1"), key)).status).toBe(202);
    await eventually(async () => {
      const { total } = (await (
        await fetch(`${stack.feedsUrl}/v1/search?q=${encodeURIComponent("реинтеграция")}`)
      ).json()) as { total: number };
      expect(total, "indexed").toBeGreaterThan(0);
    });
  });

  afterAll(async () => {
    await stack.stop();
    const nats = await connect({ servers: inject("natsUrl") });
    await (await jetstreamManager(nats)).streams.delete(kvStreamName(bucket)).catch(() => undefined);
    await nats.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("names the ministry in every feed format, the feed title, the portal and the release page", async () => {
    const rss = await (await fetch(`${stack.feedsUrl}/publishers/mfa-kz/feed.rss`)).text();
    expect(rss).toContain("<dc:creator><![CDATA[Министерство иностранных дел РК]]></dc:creator>");
    expect(rss).toContain("Gazette: press releases (Министерство иностранных дел РК)");
    const atom = await (await fetch(`${stack.feedsUrl}/feeds/atom.xml?lang=ru`)).text();
    expect(atom).toContain("<name>Министерство иностранных дел РК</name>");
    // The feed's own title is in its language (issue 30, item 7).
    expect(atom).toContain("<title>Gazette: пресс-релизы (Русский)</title>");
    const json = (await (await fetch(`${stack.feedsUrl}/feeds/feed.json`)).json()) as {
      items: { authors: { name: string }[] }[];
    };
    expect(json.items[0]?.authors).toEqual([{ name: "Министерство иностранных дел РК" }]);
    // The portal names each ministry once, in the reader's language (here Russian, asked with hl).
    const portal = await (await fetch(`${stack.feedsUrl}/?q=${encodeURIComponent("реинтеграция")}&hl=ru`)).text();
    expect(portal).toContain("Министерство иностранных дел РК");
    // In English, the English name only: one name per ministry on a page.
    const english = await (await fetch(`${stack.feedsUrl}/?q=${encodeURIComponent("реинтеграция")}&hl=en`)).text();
    expect(english).toContain("Ministry of Foreign Affairs of Kazakhstan");
    expect(english).not.toContain("Министерство иностранных дел РК");
  });

  it("shows a rename at once, without reindexing", async () => {
    writeFileSync(file, JSON.stringify(registry("Министерство иностранных дел Республики Казахстан")));
    await eventually(async () => {
      const rss = await (await fetch(`${stack.feedsUrl}/publishers/mfa-kz/feed.rss`)).text();
      expect(rss).toContain("Министерство иностранных дел Республики Казахстан");
    });
  });
});
