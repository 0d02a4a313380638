import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Test files that mostly wait (a node stopped for a minute, a read-only index held), each with the
 * place it takes in the order of files: they run beside the busy ones, one at a time, so their waits
 * cost the run little; the longest first, so the run does not end waiting for it.
 */
const waitingBeside = new Map([
  ["test/single-node-drills.test.ts", 0],
  ["test/read-only-index.test.ts", 8],
]);
/**
 * Tests that start the whole cluster, a browser or the whole stack, or time the machine on purpose, run
 * alone after the others.
 */
const alone = [
  "test/cluster-drills.test.ts",
  "test/upstreams-at-scale.test.ts",
  "test/index-rebuild.test.ts",
  "test/portal-browser.test.ts",
  "test/npm-start.test.ts",
  "test/search-eval.test.ts",
];
const all = ["packages/*/test/**/*.test.ts", "services/*/test/**/*.test.ts", "test/**/*.test.ts"];

/** The order of files: vitest's (longest first, from its cache), the waiting ones at their places. */
class WaitingBesideBusy extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const placeOf = (spec: TestSpecification) => [...waitingBeside].find(([path]) => spec.moduleId.endsWith(path))?.[1];
    const sorted = await super.sort(files);
    const order = sorted.filter((spec) => placeOf(spec) === undefined);
    const waiting = sorted.filter((spec) => placeOf(spec) !== undefined);
    waiting.sort((a, b) => placeOf(a)! - placeOf(b)!);
    for (const spec of waiting) order.splice(Math.min(placeOf(spec)!, order.length), 0, spec);
    return order;
  }
}

/**
 * Every other file runs three at a time (each starts its own services on free ports, names its own
 * streams, buckets and indices, against the one NATS and OpenSearch the global setup found or started):
 * two busy ones while one waits. Four at a time was tried: tests that count what happens in a few
 * seconds under load (a backup taken while releases are written, connections per host) failed.
 * A worker process runs file after file on the modules it has loaded (`isolate: false`, ADR 0037): a
 * file must leave the process as it found it (test/house-rules.test.ts checks what it can).
 */
export default defineConfig({
  test: {
    // Real NATS and OpenSearch for the whole run: found or started once, stopped after.
    globalSetup: ["test/global-setup.ts"],
    // The OpenSearch nodes tests start and stop (the cluster's, the drills', a restarted one) compile
    // with C1 only: half their CPU went to C2 compiling code they run for a minute (ADR 0036).
    env: { OPENSEARCH_JAVA_OPTS: process.env["OPENSEARCH_JAVA_OPTS"] ?? "-XX:TieredStopAtLevel=1" },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    sequence: { sequencer: WaitingBesideBusy },
    projects: [
      {
        extends: true,
        test: {
          name: "together",
          include: all,
          exclude: alone,
          maxWorkers: 3,
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: "alone", include: alone, maxWorkers: 1, isolate: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
