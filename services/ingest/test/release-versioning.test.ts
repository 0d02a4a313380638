import { describe, expect, it } from "vitest";
import { ReleaseInputSchema } from "@gazette/shared";
import { decideSubmission, decideWithdrawal, isEmbargoed, withChange } from "../src/releases/release-versioning.ts";
import { normalizeReleaseInput } from "../src/releases/normalize-release.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";

const input = ReleaseInputSchema.parse(sampleRelease());
const t1 = new Date("2026-01-01T10:00:00Z");
const t2 = new Date("2026-01-02T10:00:00Z");

describe("decideSubmission", () => {
  it("makes a first submission version 1, published at receipt", () => {
    const decision = decideSubmission("mci-kz", input, undefined, t1);
    expect(decision.kind).toBe("write");
    expect(decision.record.release).toMatchObject({
      version: 1,
      publisher: "mci-kz",
      publishedAt: t1.toISOString(),
      updatedAt: t1.toISOString(),
    });
    expect(decision.record.eventType).toBe("release.published");
  });

  it("dates an embargoed release at the embargo's end, unless the publisher gave a date; the embargo ends at its instant", () => {
    const embargoUntil = "2026-01-01T15:00:00+05:00";
    const held = decideSubmission("mci-kz", { ...input, embargoUntil }, undefined, new Date("2026-01-01T09:00:00Z"));
    expect(held.record.release.publishedAt).toBe("2026-01-01T10:00:00.000Z");
    expect(isEmbargoed(held.record.release, t1)).toBe(false);
    expect(isEmbargoed(held.record.release, new Date("2026-01-01T09:59:59.999Z"))).toBe(true);
    const dated = decideSubmission(
      "mci-kz",
      { ...input, embargoUntil, publishedAt: "2026-01-01T12:00:00Z" },
      undefined,
      new Date("2026-01-01T08:00:00Z"),
    );
    expect(dated.record.release.publishedAt).toBe("2026-01-01T12:00:00Z");
    const past = decideSubmission("mci-kz", { ...input, embargoUntil: "2025-12-31T00:00:00Z" }, undefined, t1);
    expect(past.record.release.publishedAt).toBe(t1.toISOString());
  });

  it("tells an unchanged re-send (key order aside) from a change", () => {
    const first = decideSubmission("mci-kz", input, undefined, t1);
    const reordered = Object.fromEntries(Object.entries(input).reverse()) as typeof input;
    const stored = { record: first.record, revision: 3 };
    expect(decideSubmission("mci-kz", reordered, stored, t2).kind).toBe("unchanged");
    expect(decideSubmission("mci-kz", { ...input, summary: "Another summary" }, stored, t2).kind).toBe("write");
  });

  it("makes a change the next version, keeping the first publication date", () => {
    const first = decideSubmission("mci-kz", input, undefined, t1);
    const changed = decideSubmission(
      "mci-kz",
      { ...input, title: "New title" },
      { record: first.record, revision: 1 },
      t2,
    );
    expect(changed.kind).toBe("write");
    expect(changed.record.release).toMatchObject({
      version: 2,
      title: "New title",
      publishedAt: t1.toISOString(),
      updatedAt: t2.toISOString(),
    });
    expect(changed.record.eventType).toBe("release.updated");
  });
});

describe("decideWithdrawal", () => {
  const published = { record: decideSubmission("mci-kz", input, undefined, t1).record, revision: 2 };

  it("retracts at the next version, once; nothing to withdraw when absent", () => {
    const decision = decideWithdrawal(published, "mistake", t2);
    expect(decision.kind).toBe("write");
    if (decision.kind !== "write") return;
    expect(decision.record).toMatchObject({
      eventType: "release.retracted",
      withdrawal: { reason: "mistake", at: t2.toISOString() },
      release: { version: 2 },
    });
    expect(decideWithdrawal({ record: decision.record, revision: 3 }, "again", t2).kind).toBe("unchanged");
    expect(decideWithdrawal(undefined, "x", t2).kind).toBe("absent");
  });

  it("publishes a withdrawn release again when it is sent again, even unchanged", () => {
    const withdrawn = decideWithdrawal(published, "mistake", t2);
    if (withdrawn.kind !== "write") throw new Error("expected a write");
    const resent = decideSubmission("mci-kz", input, { record: withdrawn.record, revision: 3 }, t2);
    expect(resent.kind).toBe("write");
    expect(resent.record).toMatchObject({ eventType: "release.updated", release: { version: 3 } });
    expect(resent.record.withdrawal).toBeUndefined();
  });
});

describe("normalizeReleaseInput", () => {
  it("strips scripts, event handlers and javascript: links from the body", () => {
    const clean = normalizeReleaseInput({
      ...sampleRelease(),
      body: '<p onclick="x()">Hi <a href="javascript:alert(1)">link</a><script>alert(1)</script><img src="data:image/png;base64,AAA"></p>',
    });
    expect(clean.body).toBe("<p>Hi <a>link</a></p>");
  });

  it("names every bad field", () => {
    try {
      normalizeReleaseInput({ ...sampleRelease(), language: "??", images: [{ url: "not a url" }], extra: 1 });
      expect.unreachable("should have thrown");
    } catch (error) {
      const fields = (error as { extensions: { errors: { field: string }[] } }).extensions.errors
        .map((e) => e.field)
        .sort();
      expect(fields).toEqual(["extra", "images.0.url", "language"]);
    }
  });
});

describe("the version history readers see (issue 30)", () => {
  const input = { externalId: "h-1", language: "ru", title: "Заголовок", body: "<p>Текст</p>", tags: [], images: [] };
  it("adds each change: published, updated, withdrawn, with when", () => {
    const t = (minute: number) => new Date(`2026-12-01T10:0${minute}:00Z`);
    const first = decideSubmission("mfa-kz", input, undefined, t(1));
    expect(first.record.history).toEqual([{ version: 1, at: t(1).toISOString(), change: "published" }]);
    const second = decideSubmission(
      "mfa-kz",
      { ...input, title: "Заголовок (испр.)" },
      { record: first.record, revision: 1 },
      t(2),
    );
    const withdrawn = decideWithdrawal({ record: second.record, revision: 2 }, "ошибка", t(3));
    expect(withdrawn.kind === "write" ? withdrawn.record.history : undefined).toEqual([
      { version: 1, at: t(1).toISOString(), change: "published" },
      { version: 2, at: t(2).toISOString(), change: "updated" },
      { version: 3, at: t(3).toISOString(), change: "withdrawn" },
    ]);
  });

  it("starts a record stored before histories were kept from its current version, and keeps the newest 100", () => {
    const old = decideSubmission("mfa-kz", input, undefined, new Date("2026-01-01T00:00:00Z")).record;
    const { history: _none, ...withoutHistory } = old;
    const stored = { record: { ...withoutHistory, release: { ...old.release, version: 7 } }, revision: 7 };
    expect(withChange(stored, { version: 8, at: "2026-02-01T00:00:00.000Z", change: "updated" })).toEqual([
      { version: 7, at: old.release.updatedAt, change: "updated" },
      { version: 8, at: "2026-02-01T00:00:00.000Z", change: "updated" },
    ]);
    const long = Array.from({ length: 100 }, (_, i) => ({
      version: i + 1,
      at: old.release.updatedAt,
      change: "updated" as const,
    }));
    const next = withChange(
      { record: { ...old, history: long }, revision: 100 },
      {
        version: 101,
        at: old.release.updatedAt,
        change: "updated",
      },
    );
    expect(next).toHaveLength(100);
    expect(next[0]?.version).toBe(2);
    expect(next.at(-1)?.version).toBe(101);
  });
});
