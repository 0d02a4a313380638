import { describe, expect, it } from "vitest";
import type { ReleaseEvent } from "@gazette/shared";
import { batches } from "../src/batches.ts";
import { decideEvent } from "../src/release-handler.ts";
import { excerpt, releaseToDocument } from "../src/release-presenter.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";

function eventFor(language: string, type: ReleaseEvent["type"] = "release.published"): ReleaseEvent {
  return {
    ...releaseEvent({ externalId: "presenter", version: 3, type, release: { language } }),
    occurredAt: "2026-01-02T00:00:00Z",
  };
}

describe("releaseToDocument", () => {
  it("puts the text under the release's analysis language, as plain text", () => {
    const document = releaseToDocument(eventFor("ru-RU"));
    expect(Object.keys(document.text)).toEqual(["ru"]);
    expect(document.text.ru?.body).toContain("реинтеграции");
    expect(document.text.ru?.body).not.toContain("<p>");
    expect(document.summary.length).toBeLessThanOrEqual(301);
    expect(releaseToDocument(eventFor("uz")).text).toHaveProperty("other");
  });

  it("keeps a detected language's mark (languageSource), and analyses und text as other", () => {
    const event = eventFor("und");
    const detected = { ...event, release: { ...event.release, languageSource: "detected" as const } };
    const document = releaseToDocument(detected as ReleaseEvent);
    expect(document).toMatchObject({ language: "und", languageSource: "detected" });
    expect(document.text).toHaveProperty("other");
    expect(releaseToDocument(eventFor("ru")).languageSource).toBeUndefined();
  });

  it("marks a retraction as withdrawn and keeps the document", () => {
    const document = releaseToDocument({ ...eventFor("ru", "release.retracted"), reason: "duplicate" });
    expect(document).toMatchObject({
      status: "withdrawn",
      withdrawnAt: "2026-01-02T00:00:00Z",
      withdrawalReason: "duplicate",
      version: 3,
    });
  });
});

describe("decideEvent", () => {
  it("rejects what is not a release event, with the reason", () => {
    expect(decideEvent(new TextEncoder().encode("{oops"))).toMatchObject({ action: "reject" });
    expect(decideEvent(new TextEncoder().encode(JSON.stringify({ type: "release.published" })))).toMatchObject({
      action: "reject",
    });
    const good = decideEvent(new TextEncoder().encode(JSON.stringify(eventFor("en"))));
    expect(good).toMatchObject({ action: "index", version: 3 });
  });
});

describe("excerpt", () => {
  it("cuts at a word boundary and marks the cut", () => {
    expect(excerpt("one two three four", 9)).toBe("one two…");
    expect(excerpt("short", 9)).toBe("short");
  });
});

describe("batches", () => {
  async function* source(items: number[], gapMs: number) {
    for (const item of items) {
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      yield item;
    }
  }

  it("hands on a batch when it is full, and the rest when the source ends, losing nothing", async () => {
    const seen: number[][] = [];
    for await (const batch of batches(source([1, 2, 3, 4, 5], 0), 2, 10_000)) seen.push(batch);
    expect(seen).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("hands on a partial batch as soon as the source goes quiet, long before the wait runs out", async () => {
    async function* bursty() {
      yield* [1, 2, 3];
      await new Promise((resolve) => setTimeout(resolve, 300));
      yield 4;
    }
    const seen: number[][] = [];
    for await (const batch of batches(bursty(), 10, 10_000, 50)) seen.push(batch);
    expect(seen).toEqual([[1, 2, 3], [4]]);
  });

  it("hands on a partial batch when the wait runs out", async () => {
    const seen: number[][] = [];
    for await (const batch of batches(source([1, 2], 300), 10, 50)) seen.push(batch);
    expect(seen).toEqual([[1], [2]]);
  });
});
