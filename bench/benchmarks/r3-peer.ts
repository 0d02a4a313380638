import { once } from "node:events";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../../tools/opensearch-local/opensearch-local.ts";
import { withBenchEdge } from "./bench-edge.ts";
import { spawnProgramInOwnSession, type BenchContext } from "../context.ts";
import { alternate, requestsPerSecond, type BenchRow } from "../measure.ts";
import { processUsage } from "../stack.ts";

const feedPath = "/feeds/rss.xml";
/** Debian puts nginx in /usr/sbin, which a user's PATH may lack. */
const nginxProgram = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One GET, the body as sent (fetch would decompress it). */
export function rawGet(url: string, headers: Record<string, string>, ca?: Buffer): Promise<RawAnswer> {
  const send = url.startsWith("https:") ? httpsRequest : request;
  return new Promise((resolve, reject) => {
    send(url, { headers, ...(ca === undefined ? {} : { ca }) }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

/** A certificate for nginx to answer over TLS (the edge's, when compared with the edge). */
export interface NginxTls {
  certFile: string;
  keyFile: string;
  /** The CA that signed the certificate (for the start-up check). */
  ca: Buffer;
}

export function nginxConfig(dir: string, port: number, tls?: NginxTls): string {
  const listen =
    tls === undefined
      ? `listen 127.0.0.1:${port};`
      : `listen 127.0.0.1:${port} ssl http2; ssl_certificate ${tls.certFile}; ssl_certificate_key ${tls.keyFile}; ssl_protocols TLSv1.2 TLSv1.3;`;
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  sendfile on;
  keepalive_requests 1000000;
  etag on;
  gzip_static on;
  gzip_vary on;
  default_type application/rss+xml;
  server { ${listen} root ${dir}/www; }${
    // Against the edge, the same tuning as the edge's (tools/cluster/edge.ts): open files' descriptors kept.
    tls === undefined ? "" : "\n  open_file_cache max=10000 inactive=20s;\n  open_file_cache_valid 1s;"
  }
}
`;
}

/** nginx serving `identity` and its gzip file at /feeds/rss.xml, until stopped; over TLS with `tls`. */
export async function startNginx(
  identity: Buffer,
  gzip: Buffer,
  tls?: NginxTls,
): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "gazette-nginx-"));
  const www = join(dir, "www", "feeds");
  await mkdir(www, { recursive: true });
  await mkdir(join(dir, "tmp"));
  await writeFile(join(www, "rss.xml"), identity);
  await writeFile(join(www, "rss.xml.gz"), gzip);
  // Run as root, nginx's worker runs as nobody: it must be able to read the files.
  for (const path of [dir, join(dir, "www"), www]) await chmod(path, 0o755);
  const port = await freePort();
  await writeFile(join(dir, "nginx.conf"), nginxConfig(dir, port, tls));
  const args = ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")];
  const child = spawnProgramInOwnSession(nginxProgram, args, "ignore");
  const url = `${tls === undefined ? "http" : "https"}://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const answered = await rawGet(`${url}${feedPath}`, {}, tls?.ca).catch(() => undefined);
    if (answered?.status === 200) break;
    if (attempt > 50 || child.exitCode !== null) throw new Error(`nginx did not start (see ${dir}/error.log)`);
    await sleep(100);
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGQUIT");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function r3Peer(ctx: BenchContext): Promise<BenchRow[]> {
  return againstStaticNginx(ctx, { id: "R3peer", who: "feeds", url: `${ctx.stack.urls.feeds}${feedPath}` });
}

/**
 * R3edge (issue 32): feeds behind the TLS edge (tools/cluster/edge.ts, the micro-cache of ADR 0025)
 * against nginx serving the same bytes as a static file over TLS with the same certificate; goal ≥ 0.9.
 */
export async function r3Edge(ctx: BenchContext): Promise<BenchRow[]> {
  return withBenchEdge(ctx, (edge, { secrets, ca }) =>
    againstStaticNginx(ctx, {
      id: "R3edge",
      who: "feeds behind the edge",
      url: `${edge.feedsUrl}${feedPath}`,
      tls: { ...secrets.edge, ca },
      feedsPid: ctx.stack.pids.feeds,
      goal: 0.9,
    }),
  );
}

/** 200, 304 and gzip polls of `url` against nginx serving the bytes it answers (over TLS with `tls`). */
async function againstStaticNginx(
  ctx: BenchContext,
  subject: {
    id: string;
    who: string;
    url: string;
    tls?: NginxTls;
    goal?: number;
    /** Report feeds' CPU while A ran (behind an edge: is the time ours or the edge's?). */
    feedsPid?: number;
  },
): Promise<BenchRow[]> {
  const { url, tls } = subject;
  const identityHeaders = { "accept-encoding": "identity" };
  const gzipHeaders = { "accept-encoding": "gzip" };
  await rawGet(url, identityHeaders, tls?.ca);
  const identity = await rawGet(url, identityHeaders, tls?.ca);
  const gzip = await rawGet(url, gzipHeaders, tls?.ca);
  if (identity.status !== 200 || gzip.status !== 200 || gzip.headers["content-encoding"] !== "gzip")
    throw new Error(
      `${subject.id}: ${subject.who} answered ${identity.status} / ${gzip.status} ${gzip.headers["content-encoding"]}`,
    );
  const nginx = await startNginx(identity.body, gzip.body, tls);
  try {
    const nginxIdentity = await rawGet(`${nginx.url}${feedPath}`, identityHeaders, tls?.ca);
    const nginxGzip = await rawGet(`${nginx.url}${feedPath}`, gzipHeaders, tls?.ca);
    if (!nginxIdentity.body.equals(identity.body) || !nginxGzip.body.equals(gzip.body))
      throw new Error(`${subject.id}: nginx does not send the bytes ${subject.who} sends`);
    const cases = [
      { name: "200", what: "feed GET (200)", headers: [identityHeaders, identityHeaders], status: 200 },
      {
        name: "304",
        what: "feed GET with If-None-Match (304)",
        headers: [
          { ...identityHeaders, "if-none-match": String(identity.headers.etag) },
          { ...identityHeaders, "if-none-match": String(nginxIdentity.headers.etag) },
        ],
        status: 304,
      },
      { name: "gzip", what: "feed GET, gzip (200)", headers: [gzipHeaders, gzipHeaders], status: 200 },
    ] as const;
    const rows: BenchRow[] = [];
    for (const { name, what, headers, status } of cases) {
      const id = `${subject.id} ${name}`;
      const load = (target: string, sent: Record<string, string>) => () =>
        requestsPerSecond({
          url: target,
          headers: sent,
          connections: ctx.connections,
          seconds: ctx.seconds,
          expectStatus: status,
          generator: "wrk",
        });
      const feedsCpuBefore = subject.feedsPid === undefined ? 0 : processUsage(subject.feedsPid).cpuMs;
      const measured = await alternate(
        ctx.rounds,
        load(url, headers[0]),
        load(`${nginx.url}${feedPath}`, headers[1]),
        true,
        ctx.quick ? 0 : 1,
        { label: id, log: ctx.log },
      );
      const aSeconds = (ctx.rounds + (ctx.quick ? 0 : 1)) * ctx.seconds;
      const feedsCpu =
        subject.feedsPid === undefined
          ? {}
          : {
              details: {
                feedsCpuShareDuringA:
                  Math.round(((processUsage(subject.feedsPid).cpuMs - feedsCpuBefore) / (aSeconds * 1000)) * 1000) /
                  1000,
              },
            };
      const row = {
        ...feedsCpu,
        id,
        what: `${what}, ${subject.who} vs nginx (static file${tls ? ", TLS" : ""})`,
        unit: "req/s",
      };
      rows.push(
        subject.goal === undefined
          ? { ...row, goal: "report", ...measured, met: true, reportOnly: true }
          : { ...row, goal: `≥ ${subject.goal}`, ...measured, met: measured.ratio.median >= subject.goal },
      );
    }
    rows[0]!.details = { ...rows[0]!.details, identityBytes: identity.body.length, gzipBytes: gzip.body.length };
    return rows;
  } finally {
    await nginx.stop();
  }
}
