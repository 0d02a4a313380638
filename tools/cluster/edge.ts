/**
 * The TLS edge of the local cluster, as compose's (deploy/edge/nginx.conf) is of production: nginx
 * terminates TLS with the deployment's certificate and passes requests to the feeds processes and the
 * ingest processes (two listeners, one each: feeds and ingest share paths such as /v1/releases/…),
 * with HSTS, and without /metrics, which stays on the services' internal ports. ADR 0021.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

/** One TLS listener that passes everything but /metrics to `upstreamName`. */
function server(port: number, upstreamName: string, secrets: Secrets, bodyLimit: string): string {
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
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
    }
  }`;
}

/** The edge's nginx configuration. */
export function edgeConfig(options: {
  dir: string;
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
${upstream("feeds", options.feeds)}
${upstream("ingest", options.ingest)}
${server(ports.feeds, "feeds", secrets, "1m")}
${server(ports.ingest, "ingest", secrets, "11m")}
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
  // nginx's worker runs as nobody when started as root: it writes request bodies here.
  chmodSync(dir, 0o755);
  chmodSync(join(dir, "tmp"), 0o777);
  writeFileSync(join(dir, "nginx.conf"), edgeConfig({ ...options, ports }));
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
    if (attempt > 100 || child.exitCode !== null)
      throw new Error(`the edge (nginx) did not start: see ${join(dir, "error.log")}`);
    await sleep(100);
  }
  await dispatcher.close();
  return {
    feedsUrl,
    ingestUrl,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGQUIT");
      await exited;
    },
  };
}
