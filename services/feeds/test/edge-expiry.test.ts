import { describe, expect, it } from "vitest";
import { edgeExpiryOf } from "../src/http-cache/edge-expiry.ts";

describe("the edge's expiry of an answer", () => {
  it("is the end of the current second, as nginx reads X-Accel-Expires (@ and a unix second)", () => {
    expect(edgeExpiryOf(1_796_000_000_000)).toBe("@1796000000");
    expect(edgeExpiryOf(1_796_000_000_999)).toBe("@1796000000");
    expect(edgeExpiryOf(1_796_000_001_000)).toBe("@1796000001");
  });

  it("ends before a change feeds was told of becomes visible: stale at once until then", () => {
    // Visible by 1_796_000_001_300: a copy made now (second …000) must not be fresh in second …001.
    expect(edgeExpiryOf(1_796_000_000_200, 1_796_000_001_300)).toBe("@1796000000");
    // In the change's own second, a copy is stale at once (the second before this one).
    expect(edgeExpiryOf(1_796_000_001_100, 1_796_000_001_300)).toBe("@1796000000");
    // Visible two seconds on: the end of the current second comes first.
    expect(edgeExpiryOf(1_796_000_000_200, 1_796_000_002_300)).toBe("@1796000000");
    // Once the change is visible, the end of the current second again.
    expect(edgeExpiryOf(1_796_000_001_400, 1_796_000_001_300)).toBe("@1796000001");
  });
});
