import { once } from "node:events";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../../tools/opensearch-local/opensearch-local.ts";
import { spawnProgramInOwnSession, type BenchContext } from "../context.ts";
import { alternate, requestsPerSecond, type BenchRow } from "../measure.ts";

const feedPath = "/feeds/rss.xml";
/** Debian puts nginx in /usr/sbin, which a user's PATH may lack. */
const nginxProgram = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One GET, the body as sent (fetch would decompress it). */
export function rawGet(url: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
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

export function nginxConfig(dir: string, port: number): string {
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
  server { listen 127.0.0.1:${port}; root ${dir}/www; }
}
`;
}

/** nginx serving `identity` and its gzip file at /feeds/rss.xml, until stopped. */
export async function startNginx(identity: Buffer, gzip: Buffer): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "gazette-nginx-"));
  const www = join(dir, "www", "feeds");
  await mkdir(www, { recursive: true });
  await mkdir(join(dir, "tmp"));
  await writeFile(join(www, "rss.xml"), identity);
  await writeFile(join(www, "rss.xml.gz"), gzip);
  // Run as root, nginx's worker runs as nobody: it must be able to read the files.
  for (const path of [dir, join(dir, "www"), www]) await chmod(path, 0o755);
  const port = await freePort();
  await writeFile(join(dir, "nginx.conf"), nginxConfig(dir, port));
  const args = ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")];
  const child = spawnProgramInOwnSession(nginxProgram, args, "ignore");
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const answered = await rawGet(`${url}${feedPath}`, {}).catch(() => undefined);
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
  const feedsUrl = `${ctx.stack.urls.feeds}${feedPath}`;
  const identityHeaders = { "accept-encoding": "identity" };
  const gzipHeaders = { "accept-encoding": "gzip" };
  await rawGet(feedsUrl, identityHeaders);
  const identity = await rawGet(feedsUrl, identityHeaders);
  const gzip = await rawGet(feedsUrl, gzipHeaders);
  if (identity.status !== 200 || gzip.status !== 200 || gzip.headers["content-encoding"] !== "gzip")
    throw new Error(`R3peer: feeds answered ${identity.status} / ${gzip.status} ${gzip.headers["content-encoding"]}`);
  const nginx = await startNginx(identity.body, gzip.body);
  try {
    const nginxIdentity = await rawGet(`${nginx.url}${feedPath}`, identityHeaders);
    const nginxGzip = await rawGet(`${nginx.url}${feedPath}`, gzipHeaders);
    if (!nginxIdentity.body.equals(identity.body) || !nginxGzip.body.equals(gzip.body))
      throw new Error("R3peer: nginx does not send the bytes feeds sends");
    const cases = [
      {
        id: "R3peer 200",
        what: "feed GET (200), feeds vs nginx",
        headers: [identityHeaders, identityHeaders],
        status: 200,
      },
      {
        id: "R3peer 304",
        what: "feed GET with If-None-Match (304), feeds vs nginx",
        headers: [
          { ...identityHeaders, "if-none-match": String(identity.headers.etag) },
          { ...identityHeaders, "if-none-match": String(nginxIdentity.headers.etag) },
        ],
        status: 304,
      },
      {
        id: "R3peer gzip",
        what: "feed GET, gzip (200), feeds vs nginx",
        headers: [gzipHeaders, gzipHeaders],
        status: 200,
      },
    ] as const;
    const rows: BenchRow[] = [];
    for (const { id, what, headers, status } of cases) {
      const load = (url: string, sent: Record<string, string>) => () =>
        requestsPerSecond({
          url,
          headers: sent,
          connections: ctx.connections,
          seconds: ctx.seconds,
          expectStatus: status,
          generator: "wrk",
        });
      const measured = await alternate(
        ctx.rounds,
        load(feedsUrl, headers[0]),
        load(`${nginx.url}${feedPath}`, headers[1]),
        true,
        ctx.quick ? 0 : 1,
        { label: id, log: ctx.log },
      );
      rows.push({ id, what, unit: "req/s", goal: "report", ...measured, met: true, reportOnly: true });
    }
    rows[0]!.details = { identityBytes: identity.body.length, gzipBytes: gzip.body.length };
    return rows;
  } finally {
    await nginx.stop();
  }
}
