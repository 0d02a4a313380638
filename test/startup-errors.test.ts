import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { natsStartCommand } from "@gazette/shared";
import { freePort, startLocalOpenSearch } from "../tools/opensearch-local/opensearch-local.ts";
import { uniqueNames } from "./support/names.ts";
import { startServiceOnPort } from "../tools/dev-stack/services.ts";

const root = join(import.meta.dirname, "..");

/** Runs a service's main.ts as `npm start` does and returns its exit code and stderr. */
async function runService(
  service: "ingest" | "indexer" | "feeds",
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(root, "services", service, "src", "main.ts")], {
    env: { ...process.env, ...uniqueNames(`startup-${service}`), LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, stderr };
}

/** A plain TCP listener on a free loopback port (not HTTP, not NATS). */
async function occupyPort(): Promise<{ port: number; close(): void }> {
  const server = createServer((socket) => socket.destroy());
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { port: address.port, close: () => server.close() };
}

describe("a service that cannot start says why and how to fix it, and exits 1", () => {
  it("a port already taken: which one, by what, and the variable to change", async () => {
    const taken = await occupyPort();
    try {
      const { code, stderr } = await runService("ingest", {
        NATS_URL: inject("natsUrl"),
        INGEST_PORT: String(taken.port),
      });
      expect(code).toBe(1);
      expect(stderr).toContain(`port ${taken.port} is already in use by node (pid ${process.pid})`);
      expect(stderr).toContain("set INGEST_PORT to a free port");
    } finally {
      taken.close();
    }
  });

  it("NATS unreachable: the exact command that starts it", async () => {
    const { code, stderr } = await runService("ingest", {
      NATS_URL: `nats://127.0.0.1:${await freePort()}`,
      INGEST_PORT: "0",
    });
    expect(code).toBe(1);
    expect(stderr).toContain("does not answer");
    expect(stderr).toContain(natsStartCommand);
  });

  it("OpenSearch unreachable: how to get one", async () => {
    const { code, stderr } = await runService("indexer", {
      NATS_URL: inject("natsUrl"),
      OPENSEARCH_URL: `http://127.0.0.1:${await freePort()}`,
      INDEXER_PORT: "0",
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/OpenSearch at http:\/\/127\.0\.0\.1:\d+ does not answer/);
    expect(stderr).toContain("npm run opensearch:local");
  });

  it("a publishers file that does not parse: the file, the line and the column", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "publishers-")), "publishers.json");
    writeFileSync(
      file,
      `{\n  "publishers": [\n    {"id": "mfa-kz", "name": {"ru": "МИД"}, "keySha256": ["${"a".repeat(64)}"]}\n    {"id": "mci-kz"}\n  ]\n}\n`,
    );
    const { code, stderr } = await runService("ingest", {
      NATS_URL: inject("natsUrl"),
      INGEST_PORT: "0",
      PUBLISHERS_FILE: file,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`PUBLISHERS_FILE ${file}:4:5: not valid JSON: a comma is expected`);
  });

  it("production ingest without a registry or a signing key: refuses to start, naming PUBLISHERS_FILE, and offers no development key", async () => {
    const { code, stderr } = await runService("ingest", {
      NODE_ENV: "production",
      NATS_URL: inject("natsUrl"),
      INGEST_PORT: "0",
      PUBLISHERS_FILE: "",
      INGEST_EVENT_SIGNING_KEY_FILE: "",
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/PUBLISHERS_FILE: required in production/);
    expect(stderr).toMatch(/INGEST_EVENT_SIGNING_KEY_FILE: required in production/);
    expect(stderr).not.toContain("demo-key is");
  });

  it("production feeds with a localhost PUBLIC_BASE_URL (or none), and a production indexer without ingest's public key: refused", async () => {
    for (const base of ["", "http://localhost:8080", "https://127.0.0.1:8443"]) {
      const { code, stderr } = await runService("feeds", {
        NODE_ENV: "production",
        PUBLIC_BASE_URL: base,
        FEEDS_PORT: "0",
      });
      expect([base, code]).toEqual([base, 1]);
      expect(stderr).toMatch(/PUBLIC_BASE_URL: required in production, and not on this machine/);
    }
    const indexer = await runService("indexer", { NODE_ENV: "production", INDEXER_EVENT_VERIFY_KEY_FILE: "" });
    expect(indexer.code).toBe(1);
    expect(indexer.stderr).toMatch(/INDEXER_EVENT_VERIFY_KEY_FILE: required in production/);
  });

  it("a bad setting: the variable and what is wrong", async () => {
    const { code, stderr } = await runService("feeds", { FEEDS_PORT: "eighty" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/feeds: Invalid configuration:\n\s+FEEDS_PORT: /);
  });

  it("OpenSearch that does not start: the last lines of its output, not all of it", async () => {
    const taken = await occupyPort();
    try {
      const started = startLocalOpenSearch({ port: taken.port, onOutput: () => {} });
      const error = (await started.then(
        async (node) => {
          await node.stop();
          throw new Error("the node started on a taken port");
        },
        (failure: unknown) => failure as Error,
      )) as Error;
      expect(error.message).toMatch(
        new RegExp(`did not come up on http://127\\.0\\.0\\.1:${taken.port}: the JVM exited`),
      );
      expect(error.message).toMatch(/BindHttpException|Address already in use/);
      const shown = error.message.split("\n").length - 1;
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThanOrEqual(25 + 20); // 25 lines, some of which may carry a stack trace's lines
    } finally {
      taken.close();
    }
  });

  it.each([
    ["output kept only in memory", false],
    ["output kept in GAZETTE_SERVICE_LOG_DIR", true],
  ])(
    "a background service (the cluster's, the drills') that exits before it is ready: its last lines, %s",
    async (_how, toFile) => {
      const taken = await occupyPort();
      const logDir = toFile ? mkdtempSync(join(tmpdir(), "gazette-service-logs-")) : "";
      try {
        const env = {
          ...process.env,
          ...uniqueNames("startup-background"),
          NATS_URL: inject("natsUrl"),
          GAZETTE_SERVICE_LOG_DIR: logDir,
        };
        const error = await startServiceOnPort("ingest", env, taken.port, "ingest 2").then(
          () => new Error("ingest started on a taken port"),
          (failure: unknown) => failure as Error,
        );
        expect(error.message).toMatch(/^ingest 2 exited \(1\) before it was ready; its last output:\n/);
        expect(error.message).toContain(`port ${taken.port} is already in use`);
        expect(error.message.split("\n").length - 1).toBeLessThanOrEqual(20);
      } finally {
        taken.close();
        if (toFile) rmSync(logDir, { recursive: true, force: true });
      }
    },
  );
});
