import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";

describe("POST /v1/releases:batch on real NATS", () => {
  let ingest: TestIngest;

  beforeAll(async () => {
    ingest = await startTestIngest("batch", inject("natsUrl"));
  });

  afterAll(async () => {
    await ingest?.stop();
  });

  it("answers each item on its own, in order: one bad item fails only itself; one release twice ends at the last", async () => {
    const releases = [
      sampleRelease("batch-a"),
      { ...sampleRelease("batch-b"), language: "not a language!" },
      sampleRelease("batch-c"),
      { ...sampleRelease("batch-a"), title: "Batch A, corrected" },
      "not a release",
    ];
    const response = await ingest.call("POST", "/v1/releases:batch", { releases });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as {
      results: {
        index: number;
        externalId?: string;
        status: string;
        version?: number;
        problem?: { code: string; errors: { field: string }[] };
      }[];
    };
    expect(results.map(({ index, externalId, status, version }) => ({ index, externalId, status, version }))).toEqual([
      { index: 0, externalId: "batch-a", status: "published", version: 1 },
      { index: 1, externalId: "batch-b", status: "failed", version: undefined },
      { index: 2, externalId: "batch-c", status: "published", version: 1 },
      { index: 3, externalId: "batch-a", status: "updated", version: 2 },
      { index: 4, externalId: undefined, status: "failed", version: undefined },
    ]);
    expect(results[1]!.problem).toMatchObject({
      status: 400,
      code: "VALIDATION_FAILED",
      errors: [{ field: "language" }],
    });
    expect(results[4]!.problem).toMatchObject({ status: 400, code: "VALIDATION_FAILED" });
    expect(await ingest.eventCount()).toBe(3);

    const current = (await (await ingest.call("GET", "/v1/releases/batch-a")).json()) as {
      release: { title: string; version: number };
    };
    expect(current.release).toMatchObject({ title: "Batch A, corrected", version: 2 });

    const again = (await (
      await ingest.call("POST", "/v1/releases:batch", { releases: [sampleRelease("batch-c")] })
    ).json()) as { results: { status: string; version: number }[] };
    expect(again.results).toEqual([
      { index: 0, externalId: "batch-c", id: expect.any(String), status: "unchanged", version: 1 },
    ]);
    expect(await ingest.eventCount()).toBe(3);
  });

  it.each([
    ["no list", { release: [] }],
    ["an empty list", { releases: [] }],
    ["a bare array", [sampleRelease("x")]],
    ["101 releases", { releases: Array.from({ length: 101 }, (_, i) => sampleRelease(`many-${i}`)) }],
    ["an extra field", { releases: [sampleRelease("x")], dryRun: true }],
  ])("refuses a batch with %s as a whole: 400 problem, nothing published", async (_name, body) => {
    const before = await ingest.eventCount();
    const response = await ingest.call("POST", "/v1/releases:batch", body);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      code: "VALIDATION_FAILED",
      errors: [expect.objectContaining({ field: expect.any(String) })],
    });
    expect(await ingest.eventCount()).toBe(before);
  });

  it("needs a key like every write", async () => {
    const response = await ingest.call("POST", "/v1/releases:batch", { releases: [sampleRelease("x")] }, "wrong");
    expect(response.status).toBe(401);
  });
});
