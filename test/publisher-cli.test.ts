import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startTestIngest, type TestIngest } from "./support/ingest-harness.ts";
import { sampleRelease } from "./support/sample-release.ts";
import { eventually } from "./support/eventually.ts";

const run = promisify(execFile);
/** `npm run gazette -- …` as an operator types it (npm's PATH puts Node 24 first). */
const gazette = (...args: string[]) =>
  run("npm", ["run", "--silent", "gazette", "--", ...args], { cwd: join(import.meta.dirname, "..") });

describe("npm run gazette -- publisher / key: the registry ingest reads, edited while it runs", () => {
  const dir = mkdtempSync(join(tmpdir(), "gazette-cli-"));
  const file = join(dir, "publishers.json");
  let ingest: TestIngest | undefined;

  afterAll(async () => {
    await ingest?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Polls until the key gets `status` from ingest (the registry reloads within about a second). */
  async function keyAnswers(key: string, status: number): Promise<void> {
    await eventually(async () => {
      expect((await ingest!.call("GET", "/v1/releases/cli-release", undefined, key)).status).toBe(status);
    });
  }

  it("adds a publisher with a key printed once and stored only as a hash; ingest accepts it", async () => {
    const added = await gazette(
      "publisher",
      "add",
      "mci-kz",
      "--name-ru",
      "Министерство культуры и информации",
      "--name-en",
      "Ministry of Culture and Information",
      "--file",
      file,
    );
    const key = added.stdout.trim();
    expect(key).toMatch(/^gz_[A-Za-z0-9_-]{43}$/);
    expect(added.stderr).toMatch(/not stored/);
    const stored = readFileSync(file, "utf8");
    expect(stored).not.toContain(key);
    expect(JSON.parse(stored).publishers[0]).toMatchObject({
      id: "mci-kz",
      name: { ru: "Министерство культуры и информации" },
    });
    expect(statSync(file).mode & 0o077).toBe(0);

    ingest = await startTestIngest("cli", inject("natsUrl"), { PUBLISHERS_FILE: file });
    expect((await ingest.call("POST", "/v1/releases", sampleRelease("cli-release"), key)).status).toBe(202);

    const rotated = (await gazette("key", "rotate", "mci-kz", "--file", file)).stdout.trim();
    expect(rotated).not.toBe(key);
    await keyAnswers(rotated, 200);
    await keyAnswers(key, 200);

    const only = (await gazette("key", "rotate", "mci-kz", "--revoke-old", "--file", file)).stdout.trim();
    await keyAnswers(only, 200);
    await keyAnswers(key, 401);
    await keyAnswers(rotated, 401);
    const listed = (await gazette("publisher", "list", "--file", file)).stdout.trim();
    expect(JSON.parse(listed)).toEqual({
      id: "mci-kz",
      name: { ru: "Министерство культуры и информации", en: "Ministry of Culture and Information" },
      keys: 1,
    });
  });

  it("refuses a taken or malformed id and an unknown publisher, with a message and exit code, leaving the file as it was", async () => {
    const before = readFileSync(file, "utf8");
    for (const args of [
      ["publisher", "add", "mci-kz", "--name-en", "Again"],
      ["publisher", "add", "Bad Id!", "--name-en", "X"],
      ["key", "rotate", "nobody"],
      ["publisher", "add", "no-name"],
    ]) {
      const failure = await gazette(...args, "--file", file).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure, args.join(" ")).toBeDefined();
      expect(failure!.code).toBe(1);
      expect(failure!.stderr).toMatch(/^gazette (publisher|key): /m);
    }
    expect(readFileSync(file, "utf8")).toBe(before);
  });
});
