/**
 * The TLS edge of the local cluster, as compose's (deploy/edge/nginx.conf) is of production: nginx
 * terminates TLS with the deployment's certificate and passes requests to the feeds processes and the
 * ingest processes (two listeners, one each: feeds and ingest share paths such as /v1/releases/…),
 * with HSTS, and without /metrics, which stays on the services' internal ports (ADR 0021); feeds'
 * listener micro-caches public reads for a second (ADR 0025). Ingest's is never cached.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, fetch as undiciFetch } from "undici";
import { freePort } from "../opensearch-local/opensearch-local.ts";
import type { Secrets } from "../secrets/secrets.ts";

export interface Edge {
  /** Feeds' public HTTPS address (PUBLIC_BASE_URL). */
  feedsUrl: string;
  /** Ingest's public HTTPS address. */
  ingestUrl: string;
  stop(): Promise<void>;
}

/** Debian puts nginx in /usr/sbin, which a user's PATH may lack. */
const nginxProgram = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

/** The edge ports, chosen before the services start (feeds must know its public address). */
export async function edgePorts(): Promise<{ feeds: number; ingest: number }> {
  const feeds = await freePort();
  let ingest = await freePort();
  while (ingest === feeds) ingest = await freePort();
  return { feeds, ingest };
}

const upstream = (name: string, urls: string[]) =>
  `  upstream ${name} {\n${urls.map((url) => `    server ${new URL(url).host};`).join("\n")}\n    keepalive 32;\n  }`;

const proxyHeaders = `      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;`;

/**
 * The micro-cache of the public reads (feeds, search, pages): each answer is kept one second, then
 * revalidated with feeds (If-None-Match / If-Modified-Since: a 304 from its fast lane), one request at a
 * time per URL (the others wait or get the copy being refreshed); variants by `Vary` (encoding,
 * language, Accept), gzip and br passed through as feeds made them. Never cached: an answer that says
 * `no-store` or `private` (the delivery report), a request with `Authorization`, anything but GET/HEAD.
 * Feeds' own Cache-Control (`max-age=60` on a feed) still goes to clients; the edge keeps a copy for one
 * second whatever it says (nginx counts whole seconds: a change is at the edge within two), or, as feeds
 * asks with X-Accel-Expires, to the end of the second it was fetched in (within one). ADR 0025, 0032.
 */
export const microCacheLocation = `      proxy_cache gazette_micro;
      proxy_cache_key "$scheme$host$request_uri";
      proxy_ignore_headers Cache-Control Expires;
      proxy_cache_valid 200 203 301 302 404 410 1s;
      proxy_cache_revalidate on;
      proxy_cache_lock on;
      proxy_cache_lock_timeout 5s;
      proxy_cache_use_stale updating error timeout http_502 http_503 http_504;
      proxy_cache_background_update on;
      proxy_cache_bypass $http_authorization;
      proxy_no_cache $http_authorization $gazette_no_store;
      add_header X-Cache-Status $upstream_cache_status always;`;

/**
 * What the micro-cache needs at the http level: its zone (bounded), open copies' descriptors kept
 * (a hit then costs no open/fstat/close: measured +15–25 % hits per second of the edge's one worker),
 * and the `no-store` test.
 */
export const microCacheHttp = (
  cacheDir: string,
) => `  proxy_cache_path ${cacheDir} levels=1:2 keys_zone=gazette_micro:10m max_size=256m inactive=60s use_temp_path=off;
  open_file_cache max=10000 inactive=20s;
  open_file_cache_valid 1s;
  map $upstream_http_cache_control $gazette_no_store { ~*(no-store|private) 1; default 0; }`;

/** One TLS listener that passes everything but /metrics to `upstreamName`; feeds' with the micro-cache. */
function server(port: number, upstreamName: string, secrets: Secrets, bodyLimit: string, cached: boolean): string {
  return `  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${secrets.edge.certFile};
    ssl_certificate_key ${secrets.edge.keyFile};
    ssl_protocols TLSv1.2 TLSv1.3;
    add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;
    client_max_body_size ${bodyLimit};
    location = /metrics { return 404; }
    location / {
      proxy_pass http://${upstreamName};
${proxyHeaders}${cached ? `\n${microCacheLocation}\n      add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;` : ""}
    }
  }`;
}

/** The edge's nginx configuration. */
export function edgeConfig(options: {
  dir: string;
  /** Where the micro-cache keeps its copies (default `<dir>/cache`). */
  cacheDir?: string;
  secrets: Secrets;
  ports: { feeds: number; ingest: number };
  feeds: string[];
  ingest: string[];
}): string {
  const { dir, secrets, ports } = options;
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server_tokens off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
${microCacheHttp(options.cacheDir ?? `${dir}/cache`)}
${upstream("feeds", options.feeds)}
${upstream("ingest", options.ingest)}
${server(ports.feeds, "feeds", secrets, "1m", true)}
${server(ports.ingest, "ingest", secrets, "11m", false)}
}
`;
}

/** Starts the edge on `ports` (default: free ones) and resolves once both listeners answer over TLS. */
export async function startEdge(options: {
  dir: string;
  secrets: Secrets;
  feeds: string[];
  ingest: string[];
  ports?: { feeds: number; ingest: number };
}): Promise<Edge> {
  const ports = options.ports ?? (await edgePorts());
  const { dir } = options;
  mkdirSync(join(dir, "tmp"), { recursive: true });
  // nginx's worker runs as nobody when started as root: it writes request bodies here, and the cache in
  // a folder of its own under the system's temporary folder (`dir` may sit in a folder only we can enter).
  chmodSync(dir, 0o755);
  chmodSync(join(dir, "tmp"), 0o777);
  const cacheDir = mkdtempSync(join(tmpdir(), "gazette-edge-cache-"));
  chmodSync(cacheDir, 0o777);
  writeFileSync(join(dir, "nginx.conf"), edgeConfig({ ...options, ports, cacheDir }));
  const child: ChildProcess = spawn(
    nginxProgram,
    ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")],
    {
      stdio: "ignore",
    },
  );
  const feedsUrl = `https://127.0.0.1:${ports.feeds}`;
  const ingestUrl = `https://127.0.0.1:${ports.ingest}`;
  const dispatcher = new Agent({ connect: { ca: readFileSync(options.secrets.caFile) } });
  for (let attempt = 0; ; attempt++) {
    const answers = await Promise.all(
      [feedsUrl, ingestUrl].map((url) =>
        undiciFetch(`${url}/healthz`, { dispatcher, signal: AbortSignal.timeout(2000) }).then(
          (response) => response.ok,
          () => false,
        ),
      ),
    );
    if (answers.every(Boolean)) break;
    if (attempt > 100 || child.exitCode !== null) {
      child.kill("SIGKILL");
      rmSync(cacheDir, { recursive: true, force: true });
      throw new Error(`the edge (nginx) did not start: see ${join(dir, "error.log")}`);
    }
    await sleep(100);
  }
  await dispatcher.close();
  return {
    feedsUrl,
    ingestUrl,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGQUIT");
        await exited;
      }
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
