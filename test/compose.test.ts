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
  build?: { args?: { SERVICE?: string }; target?: string };
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  networks?: string[] | Record<string, unknown>;
  secrets?: (string | { source: string; target: string })[];
  depends_on?: Record<string, unknown>;
}
/** The file as Compose reads it: `${VAR:-default}` as its default (nothing set in the environment). */
const composeText = readFileSync(join(root, "docker-compose.yml"), "utf8").replace(/\$\{[A-Z_]+:-([^}]*)\}/g, "$1");
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean }>;
  secrets: Record<string, { file: string }>;
};
const inProfile = (profile: string) =>
  Object.entries(compose.services).filter(([, service]) => service.profiles?.includes(profile));
const loaders = { ingest: loadIngestConfig, indexer: loadIndexerConfig, feeds: loadFeedsConfig };
/** The OpenSearch nodes: our image (the official one with our analysis plugin). */
const openSearchServices = () =>
  Object.entries(compose.services).filter(([, service]) => service.image?.startsWith("gazette-opensearch:"));

describe("docker-compose.yml", () => {
  it("runs the OpenSearch of the local launcher with our analysis plugin, and a NATS of 2.11 or later that fsyncs every write", () => {
    const pomVersion = (project: string) =>
      /<opensearch\.version>([^<]+)</.exec(readFileSync(join(root, "tools", project, "pom.xml"), "utf8"))![1];
    const launcherVersion = pomVersion("opensearch-local");
    // The plugin runs only in the version it names: the launcher's, the image's and the Dockerfile's.
    expect(pomVersion("opensearch-analysis")).toBe(launcherVersion);
    const dockerfile = readFileSync(join(root, "deploy", "opensearch", "Dockerfile"), "utf8");
    expect(dockerfile).toContain(`ARG OPENSEARCH_VERSION=${launcherVersion}`);
    expect(dockerfile).toMatch(/FROM opensearchproject\/opensearch:\$\{OPENSEARCH_VERSION\}/);
    expect(dockerfile).toMatch(/opensearch-plugin install --batch file:\/\/\/tmp\/gazette-analysis\.zip/);
    const openSearchNodes = Object.entries(compose.services).filter(([name]) => /^opensearch(-\d)?$/.test(name));
    expect(openSearchNodes.length).toBeGreaterThan(0);
    for (const [name, service] of openSearchNodes) {
      expect(service.image, name).toBe(`gazette-opensearch:${launcherVersion}`);
      expect((service as { build?: { dockerfile?: string } }).build?.dockerfile, name).toBe(
        "deploy/opensearch/Dockerfile",
      );
    }
    const images = Object.values(compose.services).flatMap((service) => (service.image ? [service.image] : []));
    expect(images.filter((name) => name.startsWith("opensearchproject/"))).toEqual([]);
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
    ).toEqual(["backup", "edge", "feeds", "indexer", "ingest", "nats", "opensearch"]);
    for (const service of Object.values(compose.services)) expect(service.profiles).toHaveLength(1);
  });

  it("has a cluster profile of three NATS, three OpenSearch and two processes of each service", () => {
    const cluster = inProfile("cluster");
    const count = (test: (name: string, service: ComposeService) => boolean) =>
      cluster.filter(([name, service]) => test(name, service)).length;
    expect(count((_, service) => service.image?.startsWith("nats:") === true)).toBe(3);
    expect(count((_, service) => service.image?.startsWith("gazette-opensearch:") === true)).toBe(3);
    for (const name of ["ingest", "indexer", "feeds"])
      expect(count((_, service) => service.build?.args?.SERVICE === name)).toBe(2);
    const seeds = cluster
      .filter(([, service]) => service.image?.startsWith("gazette-opensearch:"))
      .map(([, service]) => service.environment?.["discovery.seed_hosts"]);
    expect(new Set(seeds)).toEqual(new Set(["opensearch-1,opensearch-2,opensearch-3"]));
  });

  it("gives every service settings its own config module accepts, with three copies of everything on the cluster", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const kind = service.build?.args?.SERVICE as keyof typeof loaders | undefined;
      if (kind === undefined) continue;
      // As the image runs it: NODE_ENV=production (every production check must pass).
      const config = loaders[kind]({ ...service.environment, NODE_ENV: "production" });
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

  it("publishes only the TLS edge (443); NATS, OpenSearch and the services sit on an internal network with no route out", () => {
    const published = Object.entries(compose.services).filter(([, service]) => (service.ports ?? []).length > 0);
    expect(published.map(([name, service]) => [name, service.ports])).toEqual([
      ["edge", ["443:443"]],
      ["edge-cluster", ["443:443"]],
    ]);
    expect(compose.networks["internal"]?.internal).toBe(true);
    for (const [name, service] of Object.entries(compose.services)) {
      const networks = Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {});
      if (name.startsWith("edge")) expect(networks.sort(), name).toEqual(["internal", "public"]);
      else expect(networks, name).toEqual(["internal"]);
    }
  });

  it("runs OpenSearch's security plugin with our certificates (never the demo configuration), and NATS with accounts and TLS", () => {
    expect(openSearchServices().length).toBeGreaterThanOrEqual(4);
    for (const [name, service] of openSearchServices()) {
      const env = service.environment ?? {};
      expect(env["DISABLE_SECURITY_PLUGIN"], name).toBeUndefined();
      expect(env["DISABLE_INSTALL_DEMO_CONFIG"], name).toBe("true");
      expect(env["plugins.security.ssl.http.enabled"], name).toBe("true");
      expect(env["plugins.security.allow_unsafe_democertificates"], name).toBe("false");
    }
    for (const file of ["nats.conf", "cluster.conf"]) {
      const text = readFileSync(join(root, "deploy", "nats", file), "utf8");
      expect(text, file).toMatch(/include \.\/accounts\.conf/);
      expect(text, file).toMatch(/tls \{[^}]*cert_file/);
    }
    expect(readFileSync(join(root, "deploy", "nats", "cluster.conf"), "utf8")).toMatch(
      /cluster \{[\s\S]*tls \{[^}]*verify: true/,
    );
    const edge = readFileSync(join(root, "deploy", "edge", "gazette.conf.template"), "utf8");
    expect(edge).toMatch(/Strict-Transport-Security/);
    expect(edge).toMatch(/location = \/metrics \{ return 404; \}/);
  });

  it("backs up the record of truth every hour into a volume with the admin's credentials, keeping 48, on both stacks", () => {
    const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^FROM node:24-bookworm-slim AS cli$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "tools\/gazette\.ts"\]$/m);
    // The services' stage stays the default target (the last one).
    expect(
      dockerfile
        .trim()
        .split(/^FROM /m)
        .at(-1),
    ).toMatch(/^node:24-bookworm-slim\n/);
    for (const [name, profile, nats] of [
      ["backup", "single", 1],
      ["backup-cluster", "cluster", 3],
    ] as const) {
      const service = compose.services[name]!;
      expect(service.profiles, name).toEqual([profile]);
      expect(service.build?.target, name).toBe("cli");
      expect(service.command, name).toEqual([
        "backup",
        "--to",
        "/backups",
        "--every",
        "3600",
        "--keep",
        "48",
        "--metrics-port",
        "9464",
      ]);
      expect(service.volumes, name).toEqual(["backups:/backups"]);
      expect(service.secrets, name).toEqual(["ca", "admin-creds", "publishers"]);
      const env = service.environment ?? {};
      expect(env["NATS_CREDS_FILE"], name).toBe("/run/secrets/admin-creds");
      expect(env["NATS_TLS_CA_FILE"], name).toBe("/run/secrets/ca");
      expect(env["NATS_URL"]?.split(","), name).toHaveLength(nats);
      // The CLI reads NATS's settings through ingest's config module: it must accept them.
      expect(loadIngestConfig({ ...env, NODE_ENV: undefined }).NATS_CREDS_FILE, name).toBe("/run/secrets/admin-creds");
    }
    expect(compose.secrets["admin-creds"]?.file).toBe("./deploy/secrets/admin.creds");
  });

  it("turns OpenSearch's disk watermarks on, and bounds JetStream's store", () => {
    expect(openSearchServices().length).toBeGreaterThanOrEqual(4);
    for (const [name, service] of openSearchServices()) {
      const env = service.environment ?? {};
      expect(env["cluster.routing.allocation.disk.threshold_enabled"], name).toBe("true");
      expect(env["cluster.routing.allocation.disk.watermark.flood_stage"], name).toBe("95%");
    }
    for (const file of ["nats.conf", "cluster.conf"])
      expect(readFileSync(join(root, "deploy", "nats", file), "utf8"), file).toMatch(
        /jetstream \{[^}]*max_file_store: \d+G/,
      );
  });

  it("has example alert rules on metrics the services and the backup service really expose", () => {
    const rules = parse(readFileSync(join(root, "deploy", "prometheus", "alerts.yml"), "utf8")) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const sources = ["tools/backup/scheduled.ts", "services/indexer/src/indexer-metrics.ts"].map((file) =>
      readFileSync(join(root, file), "utf8"),
    );
    const alerts = rules.groups.flatMap((group) => group.rules);
    expect(alerts.map((rule) => rule.alert)).toContain("GazetteBackupTooOld");
    for (const rule of alerts)
      for (const metric of rule.expr.match(/gazette_[a-z_]+/g) ?? [])
        expect(
          sources.some((source) => source.includes(`"${metric}"`)),
          `${rule.alert}: ${metric}`,
        ).toBe(true);
  });

  it("gives each service its own credentials as compose secrets, read from files, never in the environment", () => {
    const ownCredentials = { ingest: "ingest-creds", indexer: "indexer-creds", feeds: "feeds-creds" };
    for (const [name, service] of Object.entries(compose.services)) {
      const kind = service.build?.args?.SERVICE as keyof typeof ownCredentials | undefined;
      if (kind === undefined) continue;
      const secrets = (service.secrets ?? []).map((secret) => (typeof secret === "string" ? secret : secret.source));
      expect(secrets, name).toContain(ownCredentials[kind]);
      for (const other of Object.values(ownCredentials).filter((creds) => creds !== ownCredentials[kind]))
        expect(secrets, name).not.toContain(other);
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        expect(variable, name).not.toMatch(/PASSWORD$|SECRET$|_KEY$/);
        if (variable.endsWith("_FILE"))
          expect(
            secrets.map((secret) => `/run/secrets/${secret}`),
            `${name} ${variable}`,
          ).toContain(value);
      }
    }
    for (const secret of Object.values(compose.secrets)) expect(secret.file).toMatch(/^\.\/deploy\/secrets\//);
    expect(readFileSync(join(root, ".gitignore"), "utf8")).toMatch(/^deploy\/secrets\/$/m);
  });
});
