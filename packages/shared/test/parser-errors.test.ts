import { connect } from "node:net";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeServer, listen, portOf } from "@gazette/shared";
import type { Server } from "node:http";

/** Sends raw bytes (as curl does with a URL it was given unencoded) and returns the whole answer. */
async function rawRequest(port: number, request: Buffer): Promise<{ status: number; headers: string; body: string }> {
  const socket = connect({ host: "127.0.0.1", port });
  await once(socket, "connect");
  socket.write(request);
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  await once(socket, "close");
  const text = Buffer.concat(chunks).toString("utf8");
  const [head = "", body = ""] = text.split("\r\n\r\n");
  return { status: Number(head.split(" ")[1]), headers: head, body };
}

describe("errors Node's HTTP parser answers itself are problem+json too", () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = await listen((_req, res) => res.end("ok"), 0, "127.0.0.1");
    port = portOf(server);
  });
  afterAll(() => closeServer(server));

  it("a URL with raw UTF-8 bytes (curl 'http://…/v1/search?q=реинтеграция') → 400 saying to percent-encode", async () => {
    const answer = await rawRequest(
      port,
      Buffer.from("GET /v1/search?q=реинтеграция HTTP/1.1\r\nHost: localhost\r\n\r\n", "utf8"),
    );
    expect(answer.status).toBe(400);
    expect(answer.headers).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 400,
      code: "MALFORMED_REQUEST",
      detail: expect.stringContaining("percent-encoded"),
    });
  });

  it("a 10 KB Cyrillic query, percent-encoded (about 56 KB of URL) → 431 problem+json, not an empty body", async () => {
    const q = encodeURIComponent("реабилитация и реинтеграция ".repeat(370)).slice(0, 56_000);
    const answer = await rawRequest(port, Buffer.from(`GET /v1/search?q=${q} HTTP/1.1\r\nHost: localhost\r\n\r\n`));
    expect(answer.status).toBe(431);
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 431,
      code: "HEADERS_TOO_LARGE",
      title: expect.any(String),
    });
  });

  it("still answers well-formed requests", async () => {
    const answer = await rawRequest(
      port,
      Buffer.from("GET /v1/search?q=%D1%80%D0%B5 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toBe("ok");
  });
});
