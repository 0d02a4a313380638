import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The house's dependency rules, checked on every file git knows: services talk to each other only
 * through NATS and OpenSearch, never through each other's code; tools, benchmarks and the
 * cross-service tests use a service only through its named surface (package `exports`).
 */

const root = join(import.meta.dirname, "..");
const services = ["ingest", "indexer", "feeds"] as const;

function sources(...patterns: string[]): string[] {
  return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", ...patterns], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\n")
    .filter((file) => /\.(?:ts|mts|mjs)$/.test(file));
}

/** Every module specifier a file imports (static and dynamic imports, re-exports). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((match) => match[1]!);
  return specifiers.filter((specifier) => specifier.startsWith(".") || specifier.startsWith("@gazette/"));
}

describe("house rules", () => {
  it("finds the files it judges (a rule over no files would pass for nothing)", () => {
    expect(sources("services/*/src/*.ts").length).toBeGreaterThan(60);
    expect(sources("tools", "bench", "test").length).toBeGreaterThan(40);
  });

  it("no service imports another service, nor tools or tests", () => {
    const offences: string[] = [];
    for (const service of services) {
      for (const file of sources(`services/${service}/src`)) {
        for (const specifier of importsOf(file)) {
          const others = services.filter((other) => other !== service);
          const crossesOver =
            others.some((other) => specifier === `@gazette/${other}` || specifier.includes(`/${other}/`)) ||
            /(?:^|\/)(?:tools|bench|test)\//.test(specifier);
          if (crossesOver) offences.push(`${file} imports ${specifier}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it("tools, benchmarks and cross-service tests reach a service only through its named surface", () => {
    const offences = sources("tools", "bench", "test").flatMap((file) =>
      importsOf(file)
        .filter((specifier) => /(?:^|\/)services\/[a-z]+\/|@gazette\/[a-z]+\//.test(specifier))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(offences).toEqual([]);
  });

  it("inside a service or the shared package, a folder is entered only through its index.ts", () => {
    // The outermost folder of the target that does not hold the importer must be entered by its index.ts:
    // services/feeds/src/portal/page-routes.ts may import ../read/index.ts, not ../read/release-reader.ts.
    const offences: string[] = [];
    const roots = [...services.map((service) => `services/${service}/src`), "packages/shared/src"];
    for (const sourceRoot of roots) {
      for (const file of sources(sourceRoot)) {
        const importerParts = relative(sourceRoot, dirname(file)).split("/").filter(Boolean);
        for (const specifier of importsOf(file).filter((s) => s.startsWith("."))) {
          const target = join(dirname(file), specifier);
          const targetParts = relative(sourceRoot, dirname(target)).split("/").filter(Boolean);
          let common = 0;
          while (common < importerParts.length && importerParts[common] === targetParts[common]) common++;
          if (targetParts.length <= common) continue; // the importer's own folder or one that holds it
          const entry = join(sourceRoot, ...targetParts.slice(0, common + 1), "index.ts");
          if (target !== entry) offences.push(`${file} imports ${specifier} (enter through ${entry})`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it("the contract half of the shared package needs nothing of the platform half", () => {
    const offences = sources("packages/shared/src/contract").flatMap((file) =>
      importsOf(file)
        .filter((specifier) => !specifier.startsWith("./"))
        .map((specifier) => `${file} imports ${specifier}`),
    );
    expect(offences).toEqual([]);
  });

  it("each service shows its subsystems as folders (a newcomer finds them in the tree)", () => {
    for (const sourceRoot of [...services.map((service) => `services/${service}/src`), "packages/shared/src"]) {
      const topLevelFiles = sources(sourceRoot).filter((file) => !relative(sourceRoot, file).includes("/"));
      const folders = new Set(
        sources(sourceRoot)
          .map((file) => relative(sourceRoot, file).split("/"))
          .filter((parts) => parts.length > 1)
          .map((parts) => parts[0]),
      );
      expect(folders.size, sourceRoot).toBeGreaterThanOrEqual(2);
      expect(topLevelFiles.length, sourceRoot).toBeLessThanOrEqual(15);
    }
  });

  it("each service names its surface in package.json, and the surface loads", async () => {
    for (const service of services) {
      const manifest = JSON.parse(readFileSync(join(root, "services", service, "package.json"), "utf8")) as {
        exports?: string;
      };
      expect(manifest.exports, service).toBe("./src/index.ts");
      const surface = (await import(`@gazette/${service}`)) as Record<string, unknown>;
      expect(Object.keys(surface).length, service).toBeGreaterThan(2);
    }
  });

  it("no test file changes what the next file in its worker process would inherit (ADR 0037)", () => {
    // Test files share their worker process: a mock, a stubbed global or environment variable, or a
    // process listener would leak into the files after it; fake timers only where the file gives
    // the real ones back.
    const leaking =
      /\bvi\.(?:mock|doMock|stubGlobal|stubEnv)\(|process\.env(?:\.\w+|\[[^\]]+\])\s*=[^=]|delete process\.env|process\.(?:on|once|chdir)\(/;
    const files = sources("test", "services/*/test/*", "packages/*/test/*").filter((file) => file.endsWith(".test.ts"));
    expect(files.length).toBeGreaterThan(100);
    const offences = files.filter((file) => {
      const text = readFileSync(join(root, file), "utf8");
      return leaking.test(text) || (text.includes("vi.useFakeTimers(") && !text.includes("vi.useRealTimers()"));
    });
    expect(offences).toEqual([]);
  });
});
