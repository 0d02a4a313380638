import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/** The operator's command line as people meet it: help, usage errors, exit codes (issue 28). */
const cli = join(import.meta.dirname, "..", "tools", "gazette.ts");
async function gazette(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], {
      // A NATS nobody listens on: nothing here may need one.
      env: { ...process.env, NATS_URL: "nats://127.0.0.1:1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const commands = ["publisher", "key", "reindex", "dead-letters", "upstreams", "secrets", "backup", "restore"];

describe("npm run gazette", () => {
  it("says what every command is with --help (stdout, exit 0), and the same on stderr with exit 2 when given none", async () => {
    const help = await gazette("--help");
    expect(help.code).toBe(0);
    for (const command of commands) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    const none = await gazette();
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toBe(help.stdout);
    const unknown = await gazette("frobnicate");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^gazette: no command frobnicate/);
  });

  it.each(commands)("%s --help prints its usage on stdout and exits 0", async (command) => {
    const { code, stdout, stderr } = await gazette(command, "--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^usage: npm run gazette -- ${command === "key" ? "publisher" : command}`));
    expect(stderr).toBe("");
  });

  it.each(commands)("%s with an unknown option exits 2 naming it, with the usage", async (command) => {
    const { code, stderr } = await gazette(command, ...(command === "key" ? ["rotate", "x"] : []), "--no-such-option");
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--no-such-option'/);
    expect(stderr).toMatch(/usage: npm run gazette/);
  });

  it("exits 1 with the reason when the work fails (NATS not answering)", async () => {
    const { code, stderr } = await gazette("dead-letters", "list");
    expect(code).toBe(1);
    expect(stderr).toMatch(/^gazette dead-letters: /);
  });
});
