import { describe, expect, it } from "vitest";
import { edgeExpiryOf } from "../src/http-cache/edge-expiry.ts";

describe("the edge's expiry of an answer", () => {
  it("is the end of the current second, as nginx reads X-Accel-Expires (@ and a unix second)", () => {
    expect(edgeExpiryOf(1_796_000_000_000)).toBe("@1796000000");
    expect(edgeExpiryOf(1_796_000_000_999)).toBe("@1796000000");
    expect(edgeExpiryOf(1_796_000_001_000)).toBe("@1796000001");
  });
});
