import { describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { EventSigner, EventVerifier, type ReleaseEvent } from "@gazette/shared";
import { batches } from "../src/consume/batches.ts";
import { decideEvent } from "../src/consume/release-handler.ts";
import { excerpt, releaseToDocument } from "../src/index/release-presenter.ts";
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
  const names = { stream: "RELEASES", subjectPrefix: "gazette.releases" };
  // The shared sample's events are mci-kz's (eventFor makes publications).
  const delivered = (payload: string, subject = "gazette.releases.published.mci-kz", signature?: string) => ({
    subject,
    data: new TextEncoder().encode(payload),
    signature,
  });

  it("rejects what is not a release event, with the reason", () => {
    expect(decideEvent(delivered("{oops"), { names })).toMatchObject({ action: "reject", kind: "malformed" });
    expect(decideEvent(delivered(JSON.stringify({ type: "release.published" })), { names })).toMatchObject({
      action: "reject",
    });
    const good = decideEvent(delivered(JSON.stringify(eventFor("en"))), { names });
    expect(good).toMatchObject({ action: "index", version: 3 });
  });

  it("rejects an event on another publisher's subject, or of another kind than its subject says", () => {
    const payload = JSON.stringify(eventFor("en"));
    expect(decideEvent(delivered(payload, "gazette.releases.updated.mfa-kz"), { names })).toMatchObject({
      action: "reject",
      kind: "misaddressed",
    });
    expect(decideEvent(delivered(payload, "gazette.releases.retracted.mci-kz"), { names })).toMatchObject({
      action: "reject",
      kind: "misaddressed",
    });
  });

  describe("with ingest's public key: only events ingest signed, for their own subject and content", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const signer = new EventSigner(privateKey);
    const trust = { names, verifier: new EventVerifier([publicKey]) };
    const subject = "gazette.releases.published.mci-kz";
    const payload = JSON.stringify(eventFor("en"));
    const signature = signer.sign(subject, new TextEncoder().encode(payload));

    it("indexes a signed event", () => {
      expect(decideEvent(delivered(payload, subject, signature), trust)).toMatchObject({ action: "index" });
    });

    it("refuses an unsigned event, a changed payload, a signature copied to another subject, and another key's", () => {
      expect(decideEvent(delivered(payload, subject), trust)).toMatchObject({ action: "reject", kind: "unsigned" });
      const forged = JSON.stringify({
        ...eventFor("en"),
        version: 999_999,
        release: { ...eventFor("en").release, version: 999_999 },
      });
      expect(decideEvent(delivered(forged, subject, signature), trust)).toMatchObject({
        action: "reject",
        kind: "forged",
        reason: expect.stringMatching(/does not match/),
      });
      expect(decideEvent(delivered(payload, "gazette.releases.updated.mfa-kz", signature), trust)).toMatchObject({
        action: "reject",
        kind: "forged",
      });
      const other = new EventSigner(generateKeyPairSync("ed25519").privateKey);
      expect(
        decideEvent(delivered(payload, subject, other.sign(subject, new TextEncoder().encode(payload))), trust),
      ).toMatchObject({ action: "reject", kind: "forged", reason: expect.stringMatching(/unknown key/) });
      expect(decideEvent(delivered(payload, subject, "ed25519 nonsense"), trust)).toMatchObject({
        action: "reject",
        kind: "forged",
      });
    });

    it("takes several public keys at once (a rotation): events signed by the old and the new key", () => {
      const next = generateKeyPairSync("ed25519");
      const rotating = { names, verifier: new EventVerifier([publicKey, next.publicKey]) };
      const newSignature = new EventSigner(next.privateKey).sign(subject, new TextEncoder().encode(payload));
      expect(decideEvent(delivered(payload, subject, signature), rotating)).toMatchObject({ action: "index" });
      expect(decideEvent(delivered(payload, subject, newSignature), rotating)).toMatchObject({ action: "index" });
    });
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
