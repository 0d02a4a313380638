import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { configurationDoc, configurationDocPath } from "../tools/docs/configuration-docs.ts";

/** The documentation by audience (issue 28): short README, pages that link to what exists, settings as the code has them. */
const root = join(import.meta.dirname, "..");
const pages = [
  "README.md",
  "CONTRIBUTING.md",
  "SECURITY.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

describe("the documentation", () => {
  it("has a README of at most 200 lines that links every page by audience", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThanOrEqual(200);
    for (const page of ["publishers", "aggregators", "portals", "api", "operations", "configuration", "benchmarks"])
      expect(readme).toContain(`](docs/${page}.md)`);
    expect(readme).toContain("](CONTRIBUTING.md)");
  });

  it("lists every setting of every service as its config schema has it (regenerate: node tools/docs/configuration-docs.ts --write)", () => {
    expect(readFileSync(configurationDocPath, "utf8")).toBe(configurationDoc());
  });

  it.each(pages)("%s links only to files that exist", (page) => {
    const text = readFileSync(join(root, page), "utf8");
    const broken = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1]!)
      .filter((target) => !/^(https?:|mailto:|#)/.test(target))
      .map((target) => target.split("#")[0]!)
      .filter((target) => !existsSync(join(root, dirname(page), target)));
    expect(broken).toEqual([]);
  });

  it("carries the licence package.json names", () => {
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).license).toBe("Apache-2.0");
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004/);
  });
});
