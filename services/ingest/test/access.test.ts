import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sha256Hex } from "../src/publishers/publisher-registry.ts";
import { startTestIngest, type TestIngest } from "../../../test/support/ingest-harness.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";

describe("ingest access control on real NATS: keys, publishers, rate limit", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-access-"));
  const registryFile = join(dir, "publishers.json");
  const rateLimit = 30;
  let ingest: TestIngest;
  let ownId = "";

  beforeAll(async () => {
    writeFileSync(
      registryFile,
      JSON.stringify({
        publishers: [
          {
            id: "mci-kz",
            name: { en: "Ministry of Culture and Information" },
            keySha256: [sha256Hex("mci-old"), sha256Hex("mci-new")],
          },
          { id: "mfa-kz", name: { en: "Ministry of Foreign Affairs" }, keySha256: [sha256Hex("mfa-key")] },
        ],
      }),
    );
    ingest = await startTestIngest("access", inject("natsUrl"), {
      PUBLISHERS_FILE: registryFile,
      INGEST_RATE_LIMIT_PER_MINUTE: String(rateLimit),
    });
    const created = await ingest.call("POST", "/v1/releases", sampleRelease("shared-name"), "mci-new");
    expect(created.status).toBe(202);
    ownId = ((await created.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await ingest?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("accepts every key of a publisher (rotation), and refuses others with 401 and WWW-Authenticate", async () => {
    expect((await ingest.call("GET", "/v1/releases/shared-name", undefined, "mci-old")).status).toBe(200);
    for (const response of [
      await ingest.call("GET", "/v1/releases/shared-name", undefined, "demo-key"),
      await fetch(`${ingest.base}/v1/releases/shared-name`),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="gazette-ingest"/);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
  });

  it("gives each publisher its own externalIds: the same externalId from another publisher is another release", async () => {
    const other = await ingest.call(
      "POST",
      "/v1/releases",
      { ...sampleRelease("shared-name"), title: "MFA's own" },
      "mfa-key",
    );
    expect(other.status).toBe(202);
    expect(((await other.json()) as { id: string }).id).not.toBe(ownId);
    const mine = (await (await ingest.call("GET", "/v1/releases/shared-name", undefined, "mci-new")).json()) as {
      release: { title: string; publisher: string };
    };
    expect(mine.release).toMatchObject({ publisher: "mci-kz", title: sampleRelease("shared-name").title });
  });

  it("answers 403 for another publisher's release id, the same whether it exists or not, for every method", async () => {
    const missing = "mci-kz-0123456789abcdef0123456789abcdef";
    const calls: [string, string, unknown][] = [
      ["GET", "", undefined],
      ["GET", "/versions", undefined],
      ["PUT", "", { ...sampleRelease("x"), externalId: undefined }],
      ["DELETE", "", { reason: "not mine" }],
    ];
    for (const [method, suffix, body] of calls) {
      const answers = [];
      for (const id of [ownId, missing]) {
        const response = await ingest.call(method, `/v1/releases/${id}${suffix}`, body, "mfa-key");
        const { instance: _instance, ...problem } = (await response.json()) as {
          code: string;
          detail: string;
          instance: string;
        };
        answers.push({ status: response.status, problem });
      }
      expect(answers[0]!.status, `${method} ${suffix}`).toBe(403);
      expect(answers[0]!.problem.code).toBe("FORBIDDEN");
      expect(answers[1]).toEqual(answers[0]);
    }
    const stillThere = (await (await ingest.call("GET", `/v1/releases/${ownId}`, undefined, "mci-new")).json()) as {
      status: string;
      release: { externalId: string };
    };
    expect(stillThere).toMatchObject({ status: "published", release: { externalId: "shared-name" } });
  });

  it("limits each publisher's requests a minute: 429 with Retry-After, other publishers unaffected", async () => {
    let limited: Response | undefined;
    for (let i = 0; i <= rateLimit && limited === undefined; i++) {
      const response = await ingest.call("GET", "/v1/releases/shared-name", undefined, "mfa-key");
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(200);
    }
    expect(limited, "no 429 within the limit + 1 requests").toBeDefined();
    const retryAfter = Number(limited!.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited!.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await limited!.json()).toMatchObject({ status: 429, code: "RATE_LIMITED" });
    expect((await ingest.call("GET", "/v1/releases/shared-name", undefined, "mci-new")).status).toBe(200);
    expect((await fetch(`${ingest.base}/readyz`)).status).toBe(200);
  });
});
