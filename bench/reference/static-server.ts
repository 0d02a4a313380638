/**
 * Reference server for R3/R3b: sends the bytes and headers of a file (a captured feed response) for
 * every GET, or 304 with the same headers when asked with its ETag. Nothing else in the way.
 * The responses are as long as ours to the byte: a fresh X-Request-Id each time, and our keep-alive
 * timeout (so `Keep-Alive: timeout=65`). That matters: autocannon's cost per response depends on the
 * header bytes (30 more or fewer moved a 342 KB feed's rate by a factor of 0.5 to 2.2 here), so a
 * reference with shorter headers measures the load generator, not the server.
 * With `express` as third argument the same handler runs inside a bare Express 5 app (a diagnostic:
 * what the framework alone costs).
 * argv: <port> <captured-response.json> [express]
 */
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import express from "express";

const [port, file, mode] = process.argv.slice(2);
const captured = JSON.parse(readFileSync(file!, "utf8")) as {
  headers: Record<string, string>;
  body: string;
  /** Whether our answer carried an X-Request-Id (the reference then sends a fresh one, as long). */
  requestId?: boolean;
};
const body = Buffer.from(captured.body, "utf8");
const etag = captured.headers["etag"];

function answer(req: IncomingMessage, res: ServerResponse): void {
  const headers = { ...(captured.requestId === false ? {} : { "x-request-id": randomUUID() }), ...captured.headers };
  if (etag !== undefined && req.headers["if-none-match"] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, "content-length": body.length }).end(body);
}

/** Our services' keep-alive timeout (packages/shared lifecycle.ts), which the Keep-Alive header shows. */
const keepAliveTimeoutMs = 65_000;

const ready = () => console.log("ready");
if (mode === "express") {
  const app = express();
  app.disable("x-powered-by");
  app.get("/{*path}", answer);
  app.listen(Number(port), "127.0.0.1", ready).keepAliveTimeout = keepAliveTimeoutMs;
} else {
  const server = createServer(answer);
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.listen(Number(port), "127.0.0.1", ready);
}
