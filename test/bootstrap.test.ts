import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packagesUpToDate, systemPackagesPlan, type Requirement } from "../tools/bootstrap/bootstrap.mjs";

const java: Requirement = {
  what: "Java 17 (the local OpenSearch)",
  present: () => false,
  debian: ["openjdk-17-jdk-headless"],
};
const chromium: Requirement = {
  what: "Chromium (the portal's browser test)",
  present: () => false,
  debian: ["chromium"],
};
const base = { command: "test", sharedDir: "/work/shared" };

describe("bootstrap: system packages for npm start / npm test", () => {
  it("installs what is missing when it runs as root where apt-get exists (as CI does)", () => {
    expect(
      systemPackagesPlan({
        ...base,
        missing: [java, chromium],
        packages: ["openjdk-17-jdk-headless", "chromium"],
        isRoot: true,
        hasAptGet: true,
      }),
    ).toEqual({
      action: "install",
      packages: ["openjdk-17-jdk-headless", "chromium"],
      names: "Java 17 (the local OpenSearch); Chromium (the portal's browser test)",
    });
  });

  it("otherwise stops at once with one message naming the exact command, never a silent skip", () => {
    const plan = systemPackagesPlan({
      ...base,
      missing: [java, chromium],
      packages: ["openjdk-17-jdk-headless", "chromium"],
      isRoot: false,
      hasAptGet: true,
    });
    expect(plan.action).toBe("stop");
    expect(plan.action === "stop" && plan.message).toBe(
      [
        "npm test needs what this machine lacks: Java 17 (the local OpenSearch); Chromium (the portal's browser test).",
        "Install them with:",
        "  sudo apt-get update && sudo apt-get install -y --no-install-recommends openjdk-17-jdk-headless chromium",
        "(or run npm test as root on a Debian machine: it installs them itself)",
      ].join("\n"),
    );
  });

  it("names the shared folder when feedcheck is not beside the clone (no package brings it)", () => {
    const feedcheck: Requirement = {
      what: "feedcheck (expected at /work/shared/tools/feedcheck)",
      present: () => false,
      debian: [],
    };
    const plan = systemPackagesPlan({ ...base, missing: [feedcheck], packages: [], isRoot: true, hasAptGet: true });
    expect(plan).toEqual({
      action: "stop",
      message: expect.stringContaining(
        "Put the shared folder (with tools/feedcheck) beside this clone, at /work/shared.",
      ),
    });
  });

  it("does nothing when nothing is missing", () => {
    expect(systemPackagesPlan({ ...base, missing: [], packages: [], isRoot: false, hasAptGet: false })).toEqual({
      action: "ok",
    });
  });
});

describe("bootstrap: whether node_modules matches package-lock.json", () => {
  function project(): string {
    const dir = mkdtempSync(join(tmpdir(), "bootstrap-"));
    writeFileSync(join(dir, "package-lock.json"), '{"lockfileVersion":3}');
    mkdirSync(join(dir, "node_modules", "node", "bin"), { recursive: true });
    writeFileSync(join(dir, "node_modules", "node", "bin", "node"), "");
    return dir;
  }
  const sha = (text: string) => createHash("sha256").update(text).digest("hex");

  it("is out of date on a fresh clone (no node_modules), and when the lock changed since our npm ci", () => {
    const fresh = mkdtempSync(join(tmpdir(), "bootstrap-"));
    cpSync(join(import.meta.dirname, "..", "package-lock.json"), join(fresh, "package-lock.json"));
    expect(packagesUpToDate(fresh)).toBe(false);
    const dir = project();
    writeFileSync(join(dir, "node_modules", ".gazette-install"), `${sha('{"lockfileVersion":3}')}\n`);
    expect(packagesUpToDate(dir)).toBe(true);
    writeFileSync(join(dir, "package-lock.json"), '{"lockfileVersion":3,"packages":{}}');
    expect(packagesUpToDate(dir)).toBe(false);
  });

  it("trusts npm's hidden lockfile when someone ran npm install by hand after the lock changed", () => {
    const dir = project();
    writeFileSync(join(dir, "node_modules", ".package-lock.json"), "{}");
    utimesSync(join(dir, "package-lock.json"), new Date(2026, 0, 1), new Date(2026, 0, 1));
    expect(packagesUpToDate(dir)).toBe(true);
    utimesSync(join(dir, "package-lock.json"), new Date(), new Date(Date.now() + 60_000));
    expect(packagesUpToDate(dir)).toBe(false);
  });
});

describe("bootstrap: Node's compile cache (ADR 0039)", () => {
  const root = join(import.meta.dirname, "..");
  const runThroughBootstrap = (env: NodeJS.ProcessEnv) =>
    execFileSync(
      process.execPath,
      [join(root, "tools/bootstrap/bootstrap.mjs"), "run", "-e", "console.log(process.env.NODE_COMPILE_CACHE)"],
      { cwd: root, env, encoding: "utf8" },
    ).trim();
  const withoutCache = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== "NODE_COMPILE_CACHE"),
  );

  it("is given to every program a command runs, in node_modules/.cache, and a folder of one's own is kept", () => {
    expect(runThroughBootstrap(withoutCache).split("\n").at(-1)).toBe(join(root, "node_modules/.cache/node-compile"));
    expect(
      runThroughBootstrap({ ...withoutCache, NODE_COMPILE_CACHE: "/tmp/elsewhere" })
        .split("\n")
        .at(-1),
    ).toBe("/tmp/elsewhere");
  });
});
