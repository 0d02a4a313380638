import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadFeedsConfig } from "@gazette/feeds";
import { loadIndexerConfig } from "@gazette/indexer";
import { loadIngestConfig } from "@gazette/ingest";

/**
 * No Docker engine here: docker-compose.yml is kept correct by reading, and this test reads it the way
 * Compose would (anchors and merges resolved) against what the code and the launcher say.
 */
const root = join(import.meta.dirname, "..");
interface ComposeService {
  image?: string;
  build?: { args?: { SERVICE?: string } };
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, unknown>;
}
const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const inProfile = (profile: string) =>
  Object.entries(compose.services).filter(([, service]) => service.profiles?.includes(profile));
const loaders = { ingest: loadIngestConfig, indexer: loadIndexerConfig, feeds: loadFeedsConfig };

describe("docker-compose.yml", () => {
  it("runs the OpenSearch of the local launcher, and a NATS of 2.11 or later that fsyncs every write", () => {
    const launcherVersion = /<opensearch\.version>([^<]+)</.exec(
      readFileSync(join(root, "tools", "opensearch-local", "pom.xml"), "utf8"),
    )![1];
    const images = Object.values(compose.services).flatMap((service) => (service.image ? [service.image] : []));
    for (const image of images.filter((name) => name.startsWith("opensearchproject/")))
      expect(image).toBe(`opensearchproject/opensearch:${launcherVersion}`);
    const nats = images.filter((name) => name.startsWith("nats:"));
    expect(nats.length).toBeGreaterThan(0);
    for (const image of nats) {
      const [major, minor] = image.slice("nats:".length).split(/[.-]/).map(Number);
      expect(major! * 100 + minor!, image).toBeGreaterThanOrEqual(211);
    }
    for (const file of ["nats.conf", "cluster.conf"])
      expect(readFileSync(join(root, "deploy", "nats", file), "utf8")).toMatch(
        /jetstream \{[^}]*sync_interval: always/,
      );
  });

  it("starts the single-node stack by default, and nothing of the cluster", () => {
    expect(readFileSync(join(root, ".env"), "utf8")).toMatch(/^COMPOSE_PROFILES=single$/m);
    expect(
      inProfile("single")
        .map(([name]) => name)
        .sort(),
    ).toEqual(["feeds", "indexer", "ingest", "nats", "opensearch"]);
    for (const service of Object.values(compose.services)) expect(service.profiles).toHaveLength(1);
  });

  it("has a cluster profile of three NATS, three OpenSearch and two processes of each service", () => {
    const cluster = inProfile("cluster");
    const count = (test: (name: string, service: ComposeService) => boolean) =>
      cluster.filter(([name, service]) => test(name, service)).length;
    expect(count((_, service) => service.image?.startsWith("nats:") === true)).toBe(3);
    expect(count((_, service) => service.image?.startsWith("opensearchproject/") === true)).toBe(3);
    for (const name of ["ingest", "indexer", "feeds"])
      expect(count((_, service) => service.build?.args?.SERVICE === name)).toBe(2);
    const seeds = cluster
      .filter(([, service]) => service.image?.startsWith("opensearchproject/"))
      .map(([, service]) => service.environment?.["discovery.seed_hosts"]);
    expect(new Set(seeds)).toEqual(new Set(["opensearch-1,opensearch-2,opensearch-3"]));
  });

  it("gives every service settings its own config module accepts, with three copies of everything on the cluster", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const kind = service.build?.args?.SERVICE as keyof typeof loaders | undefined;
      if (kind === undefined) continue;
      const config = loaders[kind](service.environment ?? {});
      if (service.profiles?.includes("cluster")) {
        expect(config.NATS_REPLICAS, name).toBe(3);
        expect(config.NATS_URL.split(",")).toHaveLength(3);
      } else expect(config.NATS_REPLICAS, name).toBe(1);
      if (kind === "indexer" && service.profiles?.includes("cluster")) {
        const indexer = config as ReturnType<typeof loadIndexerConfig>;
        expect([indexer.OPENSEARCH_SHARDS, indexer.OPENSEARCH_REPLICAS]).toEqual([3, 1]);
      }
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect(Object.keys(compose.services), `${name} depends on ${dependency}`).toContain(dependency);
    }
  });
});
