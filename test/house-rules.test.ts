import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
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
});
