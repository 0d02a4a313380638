/**
 * Reference server for R3/R3b: sends the bytes and headers of a file (a captured feed response) for
 * every GET, or 304 with the same headers when asked with its ETag. Nothing else in the way.
 * argv: <port> <captured-response.json>
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [port, file] = process.argv.slice(2);
const captured = JSON.parse(readFileSync(file!, "utf8")) as { headers: Record<string, string>; body: string };
const body = Buffer.from(captured.body, "utf8");
const etag = captured.headers["etag"];
createServer((req, res) => {
  if (etag !== undefined && req.headers["if-none-match"] === etag) {
    res.writeHead(304, captured.headers).end();
    return;
  }
  res.writeHead(200, { ...captured.headers, "content-length": body.length }).end(body);
}).listen(Number(port), "127.0.0.1", () => process.send?.("ready"));
