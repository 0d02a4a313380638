import { defineConfig } from "vitest/config";

/**
 * Tests that start whole stacks, clusters or browsers, or load the machine on purpose, run alone after
 * the others; the rest run two at a time (each starts its own services on free ports, names its own
 * streams, buckets and indices, against the one NATS and OpenSearch the global setup found or started).
 */
const alone = [
  "test/cluster-drills.test.ts",
  "test/single-node-drills.test.ts",
  "test/upstreams-at-scale.test.ts",
  "test/read-only-index.test.ts",
  "test/index-rebuild.test.ts",
  "test/portal-browser.test.ts",
  "test/npm-start.test.ts",
  "test/search-eval.test.ts",
];
const all = ["packages/*/test/**/*.test.ts", "services/*/test/**/*.test.ts", "test/**/*.test.ts"];

export default defineConfig({
  test: {
    // Real NATS and OpenSearch for the whole run: found or started once, stopped after.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "together", include: all, exclude: alone, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: "alone", include: alone, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
