import { describe, expect, it } from "vitest";
import { PublisherRegistry, PublisherRegistryError, sha256Hex } from "../src/publishers/publisher-registry.ts";

describe("PublisherRegistry", () => {
  const registry = PublisherRegistry.fromJson({
    publishers: [
      { id: "mci-kz", name: { ru: "МКИ РК" }, keySha256: [sha256Hex("old-key"), sha256Hex("new-key")] },
      { id: "mfa-kz", name: { en: "MFA" }, keySha256: [sha256Hex("mfa-key")] },
    ],
  });

  it("finds the publisher by any of its keys (rotation), and nobody by an unknown key", () => {
    expect(registry.authenticate("old-key")?.id).toBe("mci-kz");
    expect(registry.authenticate("new-key")?.id).toBe("mci-kz");
    expect(registry.authenticate("mfa-key")?.id).toBe("mfa-kz");
    expect(registry.authenticate("guess")).toBeUndefined();
    expect(registry.authenticate("")).toBeUndefined();
  });

  it("refuses a registry with clear-text keys, bad ids or duplicates", () => {
    expect(() => PublisherRegistry.fromJson({ publishers: [{ id: "x", name: {}, keySha256: ["demo-key"] }] })).toThrow(
      PublisherRegistryError,
    );
    expect(() =>
      PublisherRegistry.fromJson({ publishers: [{ id: "Bad.Id", name: {}, keySha256: [sha256Hex("k")] }] }),
    ).toThrow(/id/);
    const twice = { id: "dup", name: {}, keySha256: [sha256Hex("k")] };
    expect(() => PublisherRegistry.fromJson({ publishers: [twice, twice] })).toThrow(/twice/);
  });
});
