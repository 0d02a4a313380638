import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";

/**
 * The web servers of a region's ministries on loopback: one server per address (127.0.0.1, 127.0.0.2, …,
 * each a host of its own to the pull adapter), each counting the connections open to it at once and the
 * requests to each path, as an upstream's operator would see them.
 */
export interface RegionServers {
  /** `http://127.0.0.x:port` of each host, in the order of the addresses given. */
  bases: string[];
  /** When each URL (base and path) was requested, in ms since the servers started. */
  requests: Map<string, number[]>;
  /** Every User-Agent that asked. */
  userAgents: Set<string>;
  /** The most connections open at once to each host (by base). */
  mostOpen: Map<string, number>;
  /** Ms since the servers started: the clock of `requests`. */
  elapsedMs(): number;
  close(): Promise<void>;
}

export type RegionHandler = (req: IncomingMessage, res: ServerResponse, base: string) => void;

export async function startRegionServers(addresses: readonly string[], handler: RegionHandler): Promise<RegionServers> {
  const started = performance.now();
  const requests = new Map<string, number[]>();
  const mostOpen = new Map<string, number>();
  const userAgents = new Set<string>();
  const servers: Server[] = [];
  const bases: string[] = [];
  for (const address of addresses) {
    let base = "";
    let open = 0;
    const server = createServer((req, res) => {
      const url = `${base}${req.url ?? ""}`;
      const at = performance.now() - started;
      requests.set(url, [...(requests.get(url) ?? []), at]);
      userAgents.add(req.headers["user-agent"] ?? "");
      handler(req, res, base);
    });
    server.on("connection", (socket) => {
      open++;
      mostOpen.set(base, Math.max(mostOpen.get(base) ?? 0, open));
      socket.once("close", () => open--);
    });
    server.listen(0, address);
    await once(server, "listening");
    base = `http://${address}:${(server.address() as { port: number }).port}`;
    servers.push(server);
    bases.push(base);
  }
  return {
    bases,
    requests,
    userAgents,
    mostOpen,
    elapsedMs: () => performance.now() - started,
    async close() {
      for (const server of servers) {
        server.closeAllConnections();
        server.close();
      }
    },
  };
}

/** A ministry's RSS 2.0 feed with one release (a paragraph of Russian text), unique to `key`. */
export function ministryFeed(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Министерство ${key}</title><link>https://gov.example.kz/${key}</link><language>ru</language>
<item><guid isPermaLink="false">region-${key}</guid><title>Министр провёл встречу с делегацией (${key})</title>
<link>https://gov.example.kz/${key}/news/1</link><pubDate>Mon, 07 Dec 2026 10:00:00 +0500</pubDate>
<description><![CDATA[<p>В Астане состоялась встреча министра с делегацией по вопросам сотрудничества в области образования, науки и культуры. Стороны обсудили подготовку совместных проектов на ближайший год.</p>]]></description></item>
</channel></rss>`;
}

/** Peak and current resident memory of a process, in MB, from /proc (VmHWM and VmRSS). */
export function residentMemoryMb(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { peak: kb("VmHWM") / 1024, now: kb("VmRSS") / 1024 };
}
