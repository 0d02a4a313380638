import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, createOpenSearchClient, explainStartupError, redactUrl, redactedServers } from "@gazette/shared";

/** A logger whose lines are kept, as a service's would be written. */
function capturedLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: createLogger("test", "info", destination), text: () => lines.join("") };
}

describe("secrets never reach a log line or an error message (ADR 0021)", () => {
  it("redacts credentials in URLs, one server or several", () => {
    expect(redactUrl("nats://ingest:s3cret@nats-1:4222")).toBe("nats://***@nats-1:4222");
    expect(redactUrl("https://admin:p%40ss@opensearch:9200/")).toBe("https://***@opensearch:9200/");
    expect(redactUrl("tls://nats-1:4222")).toBe("tls://nats-1:4222");
    expect(redactedServers("nats://a:b@n1:4222, nats://c:d@n2:4222")).toBe("nats://***@n1:4222,nats://***@n2:4222");
    const explained = explainStartupError(
      Object.assign(new Error("connect ECONNREFUSED"), { name: "ConnectionError" }),
      { NATS_URL: "nats://ingest:s3cret@nats-1:4222", portVariable: "INGEST_PORT" },
    );
    expect(explained).not.toContain("s3cret");
  });

  it("keeps an OpenSearch user's password out of a logged error of the client", async () => {
    const server = createServer((_req, res) => res.writeHead(500, { "content-type": "application/json" }).end("{}"));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const password = "pa55-word-never-logged";
    const passwordFile = join(mkdtempSync(join(tmpdir(), "gazette-pw-")), "password");
    writeFileSync(passwordFile, `${password}\n`);
    const client = createOpenSearchClient({
      OPENSEARCH_URL: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      OPENSEARCH_USERNAME: "gazette-feeds",
      OPENSEARCH_PASSWORD_FILE: passwordFile,
    });
    const { logger, text } = capturedLogger();
    try {
      const error = await client.search({ index: "releases" }).catch((failure: unknown) => failure);
      logger.error({ err: error }, "search failed");
      const basic = Buffer.from(`gazette-feeds:${password}`).toString("base64");
      expect(text()).toContain("search failed");
      expect(text()).not.toContain(password);
      expect(text()).not.toContain(basic);
    } finally {
      await client.close();
      server.close();
    }
  });

  it("redacts a request's Authorization and cookies", () => {
    const { logger, text } = capturedLogger();
    logger.info({ req: { headers: { authorization: "Bearer gz_secret-key", cookie: "session=1" } } }, "request");
    expect(text()).not.toContain("gz_secret-key");
    expect(text()).not.toContain("session=1");
  });
});
