import { afterAll, beforeAll, describe, inject, it } from "vitest";
import { expectNothingLost } from "./support/drill-expectations.ts";
import {
  singleNodeDrillNames,
  startSingleNodeStack,
  type SingleNodeStack,
} from "../tools/drills/single-node-drills.ts";

/**
 * The single-node fault drills of `npm run drills`, on a NATS server and an OpenSearch node of their own
 * (they are stopped and started again): nothing acknowledged may be lost, and no 5xx but 503 with
 * Retry-After. Recovery times are printed for docs/operations.md, not asserted.
 */
const natsServer = inject("drillNatsServer");

describe(`single-node fault drills (nats-server ${natsServer.version})`, () => {
  let stack: SingleNodeStack;
  const log = (message: string) => console.info(message);

  beforeAll(async () => {
    stack = await startSingleNodeStack(log, natsServer);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
  }, 120_000);

  it.each(singleNodeDrillNames)(
    "%s: every acknowledged release searchable at its version, no 5xx but 503 + Retry-After",
    async (drill) => {
      expectNothingLost(await stack.run(drill, log), 4);
    },
    600_000,
  );
});
