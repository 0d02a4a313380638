/**
 * `node bench/profile-summary.ts <file.cpuprofile>`: where a V8 CPU profile (from `node --cpu-prof`)
 * spent its time, as self time by package (or node: internals) and the top functions.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: node bench/profile-summary.ts <file.cpuprofile>");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const selfMicros = new Map<number, number>();
for (const [i, id] of profile.samples.entries())
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const sampled = [...selfMicros.values()].reduce((a, b) => a + b, 0);
const idle = profile.nodes
  .filter((node) => node.callFrame.functionName === "(idle)")
  .reduce((sum, node) => sum + (selfMicros.get(node.id) ?? 0), 0);
/** Shares are of the busy time (idle excluded): where the process worked, not how long it waited. */
const total = sampled - idle;

function packageOf(url: string, name: string): string {
  if (url === "")
    return name === "(garbage collector)" || name === "(idle)" || name === "(program)" ? name : "(native)";
  if (url.startsWith("node:")) return url.split("/")[0]!;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match !== null) return match[1]!;
  const own = /\/(services\/[^/]+|packages\/[^/]+)\//.exec(url);
  return own?.[1] ?? url;
}

const byPackage = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id) ?? 0;
  if (micros === 0 || node.callFrame.functionName === "(idle)") continue;
  const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
  const fn = `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(services|packages)\//, "$1/")}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
}
const show = (map: Map<string, number>, count: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)} %  ${name}`)
    .join("\n");
console.log(
  `${(sampled / 1e6).toFixed(1)} s sampled, ${((idle / sampled) * 100).toFixed(1)} % idle; busy ${(total / 1e6).toFixed(2)} s, by package:\n${show(byPackage, 15)}\n\ntop functions:\n${show(byFunction, 15)}`,
);
