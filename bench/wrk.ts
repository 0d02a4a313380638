import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnProgramInOwnSession } from "./context.ts";
import type { LoadOptions } from "./measure.ts";

interface WrkSummary {
  requests: number;
  durationUs: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
}

const luaString = (text: string) => JSON.stringify(text); // a JSON string literal is a valid Lua one here (no \u escapes in our inputs)

/** The Lua script for one run (exported for its unit test). */
export function wrkScript(options: LoadOptions): string {
  const lines = [`wrk.method = ${luaString(options.method ?? "GET")}`];
  if (options.body !== undefined) lines.push(`wrk.body = ${luaString(options.body)}`);
  for (const [name, value] of Object.entries(options.headers ?? {}))
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  // A different day in each request's path (or body): `{date}` replaced in turn.
  const dated = options.datedPaths ?? options.datedBodies;
  if (dated !== undefined) {
    const part = options.datedPaths !== undefined ? "path" : "body";
    lines.push(
      `local template, count, next = ${luaString(dated.template)}, ${dated.count}, 0`,
      "function request()",
      `  local ${part} = template:gsub("{date}", os.date("!%Y-%m-%d", (next % count) * 86400))`,
      "  next = next + 1",
      part === "path" ? "  return wrk.format(nil, path)" : "  return wrk.format(nil, nil, nil, body)",
      "end",
    );
  }
  lines.push(
    "function done(summary, latency, requests)",
    "  local e = summary.errors",
    `  io.write(string.format('{"requests":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\\n',`,
    "    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))",
    "end",
  );
  return `${lines.join("\n")}\n`;
}

/** Requests per second and bytes per response as wrk measures them; throws on any error or wrong kind of answer. */
export async function wrkRequestsPerSecond(options: LoadOptions): Promise<{ rate: number; bytesPerResponse: number }> {
  const dir = await mkdtemp(join(tmpdir(), "gazette-wrk-"));
  try {
    const script = join(dir, "run.lua");
    await writeFile(script, wrkScript(options));
    const args = ["-t1", `-c${options.connections}`, `-d${options.seconds}s`, "-s", script, options.url];
    const child = spawnProgramInOwnSession("wrk", args);
    const chunks: Buffer[] = [];
    child.stdout!.on("data", (chunk: Buffer) => chunks.push(chunk));
    const [code] = (await once(child, "exit")) as [number | null];
    const output = Buffer.concat(chunks).toString("utf8");
    const json = output.split("\n").find((line) => line.startsWith('{"requests"'));
    if (code !== 0 || json === undefined) throw new Error(`wrk exited with ${code}: ${output}`);
    const summary = JSON.parse(json) as WrkSummary;
    const bytesPerResponse = summary.requests > 0 ? Math.round(summary.bytes / summary.requests) : 0;
    const errors = Object.values(summary.errors).reduce((sum, n) => sum + n, 0);
    const bodyWhereNoneBelongs = options.expectStatus === 304 && bytesPerResponse >= 1024;
    if (errors > 0 || summary.requests === 0 || bodyWhereNoneBelongs)
      throw new Error(
        `wrk ${options.method ?? "GET"} ${options.url}: ${summary.requests} requests, errors ${JSON.stringify(summary.errors)}, ${bytesPerResponse} bytes a response (expected ${options.expectStatus})`,
      );
    return { rate: summary.requests / (summary.durationUs / 1e6), bytesPerResponse };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
