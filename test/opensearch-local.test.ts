import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureClassArchive } from "../tools/opensearch-local/class-archive.ts";
import { freePort } from "../tools/opensearch-local/opensearch-local.ts";
import { eventually } from "./support/eventually.ts";
import { pidsMatching } from "../bench/scaling/cpu.ts";

/*
 * tools/opensearch-local's CLI, and its class archive (ADR 0038): every node maps the classes a node
 * loads as it starts from one archive per build, and a start never fails for want of one.
 */
const root = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "gazette-class-archive-"));

const homes: string[] = [];

afterAll(() => {
  // A JVM a failed test left behind is not left running after the run.
  for (const pid of homes.flatMap(jvmsOf)) process.kill(pid, "SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** The launcher's CLI on a free port, with a home of its own under `dir`. */
async function startCli(name: string, javaOptions: string) {
  const home = join(dir, name);
  homes.push(home);
  const child = spawn(
    process.execPath,
    [join(root, "tools/opensearch-local/opensearch-local.ts"), "--port", String(await freePort()), "--home", home],
    { env: { ...process.env, OPENSEARCH_JAVA_OPTS: javaOptions }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  const said = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => pattern.test(stderr) && resolve();
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        check();
      });
      check();
      child.once("exit", (code) =>
        reject(new Error(`opensearch-local exited (${code}) before saying ${pattern}: ${stderr}`)),
      );
    });
  const exited = once(child, "exit");
  return {
    home,
    said,
    /** Sends the CLI `signal` (Ctrl-C's by default) and waits for its exit. */
    async interrupt(signal: NodeJS.Signals = "SIGINT") {
      child.kill(signal);
      await exited;
    },
  };
}

/** The JVMs running a node on `home` (the launcher's main class is followed by the home; the CLI's line has no main class). */
const jvmsOf = (home: string) => pidsMatching([`org.gazette.opensearchlocal.LocalOpenSearch ${home} `]);

describe("the opensearch-local CLI", () => {
  it("stops the node it is starting when interrupted meanwhile (Ctrl-C), leaving no JVM behind", async () => {
    const cli = await startCli("interrupted", "");
    await cli.said(/starting on port \d+: started/);
    await cli.interrupt();
    expect(jvmsOf(cli.home)).toEqual([]);
  }, 120_000);

  it("leaves no node running when it is killed outright (SIGKILL): the node stops by itself", async () => {
    const cli = await startCli("orphaned", "");
    await cli.said(/Ctrl-C stops it/);
    expect(jvmsOf(cli.home)).toHaveLength(1);
    await cli.interrupt("SIGKILL");
    await eventually(() => expect(jvmsOf(cli.home)).toEqual([]), { timeoutMs: 60_000 });
  }, 120_000);
});

describe("the class archive OpenSearch nodes start with", () => {
  it("is mapped by a node started the usual way: OpenSearch's classes come from it, not from the jars", async () => {
    const classLog = join(dir, "classes.log");
    const cli = await startCli("archive", `-Xlog:class+load=info:file=${classLog}`);
    try {
      await cli.said(/Ctrl-C stops it/);
    } finally {
      await cli.interrupt();
    }
    expect(jvmsOf(cli.home)).toEqual([]);
    const archives = readdirSync(join(root, "tools/opensearch-local/target/cds")).filter((name) =>
      name.endsWith(".jsa"),
    );
    expect(archives).toHaveLength(1);
    const lines = readFileSync(classLog, "utf8").split("\n");
    expect(lines.filter((line) => line.startsWith("[") && line.includes("org.opensearch.node.Node "))).toEqual([
      expect.stringContaining("org.opensearch.node.Node source: shared objects file (top)"),
    ]);
    const fromArchive = lines.filter((line) => line.includes("source: shared objects file (top)")).length;
    const fromJars = lines.filter((line) => /source: (?:jar|file):/.test(line)).length;
    expect(fromArchive).toBeGreaterThan(5000);
    expect(fromJars).toBeLessThan(fromArchive / 10);
  }, 120_000);

  it("takes the place of an older build's archive once a node has written it", async () => {
    const archives = join(dir, "made");
    const path = join(archives, "opensearch-new.jsa");
    const said: string[] = [];
    let writtenTo = "";
    const made = await ensureClassArchive(
      path,
      async (temporary) => {
        writeFileSync(join(archives, "opensearch-old.jsa"), "old build");
        writtenTo = temporary;
        writeFileSync(temporary, "classes");
      },
      (message) => said.push(message),
    );
    expect(made).toBe(path);
    expect(readdirSync(archives)).toEqual(["opensearch-new.jsa"]);
    expect(existsSync(writtenTo)).toBe(false);
    // Made once: found the next time, no node started.
    expect(
      await ensureClassArchive(
        path,
        () => Promise.reject(new Error("started again")),
        () => {},
      ),
    ).toBe(path);
    expect(said.at(-1)).toMatch(/^opensearch-local: class archive made in \d+\.\d s$/);
  });

  it("is no reason for a start to fail: when no archive could be written, nodes start without one, and say so", async () => {
    const archives = join(dir, "unwritten");
    const said: string[] = [];
    const made = await ensureClassArchive(
      join(archives, "opensearch-x.jsa"),
      async () => {},
      (message) => said.push(message),
    );
    expect(made).toBeUndefined();
    expect(readdirSync(archives)).toEqual([]);
    expect(said.at(-1)).toBe("opensearch-local: no class archive (the JVM wrote no archive); nodes start without one");
  });
});
