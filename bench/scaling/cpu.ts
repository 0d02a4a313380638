import { readdirSync, readFileSync } from "node:fs";

/** CPU time (ms) a process has used so far, from /proc (0 when it is gone). */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** Processes whose command line contains one of `marks` (a store folder, a node's home, a service's main.ts). */
export function pidsMatching(marks: readonly string[]): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => pid !== process.pid && marks.some((mark) => commandLineOf(pid).includes(mark)));
}

/** The machine's busy and total CPU time (ms over all cores) so far, from /proc/stat. */
function machineMs(): { busy: number; total: number } {
  const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/);
  const ticks = values.map(Number);
  const total = ticks.slice(0, 8).reduce((sum, n) => sum + n, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
}

/**
 * Where the CPU went while `work` ran: each group's share of the machine's busy time (groups found
 * by their command lines when the work starts), the rest as `other` (load generators, the kernel,
 * this process), and how busy the machine was (1 = every core all the time).
 */
export async function cpuShares<T>(
  groups: Record<string, readonly string[]>,
  work: () => Promise<T>,
): Promise<{ result: T; shares: Record<string, number>; machineBusy: number }> {
  const pids = Object.fromEntries(Object.entries(groups).map(([name, marks]) => [name, pidsMatching(marks)]));
  const before = Object.fromEntries(
    Object.entries(pids).map(([name, list]) => [name, list.reduce((sum, pid) => sum + cpuMsOf(pid), 0)]),
  );
  const machineBefore = machineMs();
  const result = await work();
  const machineAfter = machineMs();
  const busy = machineAfter.busy - machineBefore.busy;
  const shares: Record<string, number> = {};
  let accounted = 0;
  for (const [name, list] of Object.entries(pids)) {
    const used = list.reduce((sum, pid) => sum + cpuMsOf(pid), 0) - before[name]!;
    shares[name] = busy > 0 ? used / busy : 0;
    accounted += used;
  }
  shares["other"] = busy > 0 ? Math.max(0, (busy - accounted) / busy) : 0;
  return { result, shares, machineBusy: busy / (machineAfter.total - machineBefore.total) };
}
