import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { provideInfrastructure } from "../tools/dev-stack/infrastructure.ts";
import { currentNatsServer, type NatsServerBinary } from "../tools/cluster/nats-server-binary.ts";

declare module "vitest" {
  export interface ProvidedContext {
    natsUrl: string;
    opensearchUrl: string;
    /** The nats-server the drills run: fetched once here, not by two test files at once. */
    drillNatsServer: NatsServerBinary;
  }
}

/** Finds or starts NATS and OpenSearch once per run (see tools/dev-stack/infrastructure.ts). */
export default async function setup(project: TestProject) {
  const infrastructure = await provideInfrastructure({
    env: process.env,
    purpose: "test",
    log: (message) => console.error(message),
    root: join(import.meta.dirname, ".."),
  });
  console.error(`test infrastructure: ${infrastructure.describe()}`);
  project.provide("natsUrl", infrastructure.natsUrl);
  project.provide("opensearchUrl", infrastructure.opensearchUrl);
  project.provide(
    "drillNatsServer",
    currentNatsServer((message) => console.error(message)),
  );
  return async () => {
    await infrastructure.stop();
  };
}
