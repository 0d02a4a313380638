/**
 * Reference B2 for R1: the work our design cannot avoid and nothing else. For each POST: validate the
 * body with the same schema ingest uses, one compare-and-set write of the record to a JetStream KV
 * bucket (create: the existence check), one publish of the event with `Nats-Msg-Id`, then 202. No HTTP
 * framework, no logging, no sanitising, no metrics. A/B2 is what the rest of ingest costs; A/B is
 * what the design costs on top of a bare publish.
 * argv: <port> <nats-url> <stream> <subject-prefix> <bucket>
 */
import { createServer } from "node:http";
import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { ReleaseInputSchema, releaseIdFor } from "@gazette/shared";
import { Kvm } from "@nats-io/kv";

const [port, natsUrl, stream, prefix, bucket] = process.argv.slice(2);
const nats = await connect({ servers: natsUrl! });
const js = jetstream(nats);
const jsm = await jetstreamManager(nats);
await jsm.streams
  .add({ name: stream!, subjects: [`${prefix}.>`], duplicate_window: 120_000_000_000 })
  .catch(() => undefined);
const kv = await new Kvm(js).create(bucket!, { history: 64 });

async function accept(body: string): Promise<number> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 400;
  }
  const parsed = ReleaseInputSchema.safeParse(json);
  if (!parsed.success) return 422;
  const now = new Date().toISOString();
  const id = releaseIdFor("demo", parsed.data.externalId);
  const release = { ...parsed.data, id, publisher: "demo", publishedAt: now, updatedAt: now, version: 1 };
  await kv.create(id, JSON.stringify({ release }));
  const event = { type: "release.published", releaseId: id, version: 1, occurredAt: now, release };
  await js.publish(`${prefix}.published.demo`, JSON.stringify(event), { msgID: `${id}@1` });
  return 202;
}

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    accept(Buffer.concat(chunks).toString("utf8")).then(
      (status) => res.writeHead(status, { "content-type": "application/json" }).end('{"status":"published"}'),
      () => res.writeHead(503).end(),
    );
  });
}).listen(Number(port), "127.0.0.1", () => console.log("ready"));
