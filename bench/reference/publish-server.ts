/**
 * Reference server for R1: reads the body and publishes it to JetStream with the same client library,
 * subject layout and `Nats-Msg-Id` as ingest, waits for the ack, answers 202. Nothing else in the way.
 * argv: <port> <nats-url> <stream> <subject-prefix>
 */
import { createServer } from "node:http";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";

const [port, natsUrl, stream, prefix] = process.argv.slice(2);
const nats = await connect({ servers: natsUrl! });
const js = jetstream(nats);
const jsm = await jetstreamManager(nats);
await jsm.streams
  .add({ name: stream!, subjects: [`${prefix}.>`], duplicate_window: 120_000_000_000 })
  .catch(() => undefined);
let sequence = 0;
createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const id = `ref-${process.pid}-${++sequence}@1`;
    js.publish(`${prefix}.published.demo`, Buffer.concat(chunks), { msgID: id }).then(
      () => res.writeHead(202, { "content-type": "application/json" }).end('{"status":"published"}'),
      () => res.writeHead(503).end(),
    );
  });
}).listen(Number(port), "127.0.0.1", () => console.log("ready"));
