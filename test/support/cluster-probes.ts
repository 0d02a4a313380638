import { once } from "node:events";
import { readFileSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { Agent, fetch as undiciFetch } from "undici";
import { natsConnectionOptions } from "@gazette/shared";
import type { LocalCluster } from "../../tools/cluster/local-cluster.ts";

/*
 * What an outsider (or a thief of one service's credentials) tries against the secured cluster, each
 * answering how it was refused, or "done" when it was not. ADR 0021.
 */

export type ClusterUser = "ingest" | "indexer" | "feeds" | "admin";

/** A connection as one of Gazette's NATS users, over TLS. */
export function connectAs(cluster: LocalCluster, user: ClusterUser): Promise<NatsConnection> {
  return connect({
    ...natsConnectionOptions(
      {
        NATS_URL: cluster.env["NATS_URL"]!,
        NATS_CREDS_FILE: cluster.secrets.natsCredsFile(user),
        NATS_TLS_CA_FILE: cluster.secrets.caFile,
      },
      user,
    ),
    reconnect: false,
    timeout: 5000,
  });
}

/** Runs `attempt` and says how it ended: "done", or the error's message. */
export async function outcome(attempt: () => Promise<unknown>): Promise<string> {
  try {
    await attempt();
    return "done";
  } catch (error) {
    return (error as Error).message;
  }
}

export type NatsAttempt =
  | "publish a release event"
  | "write the release bucket"
  | "delete the release stream"
  | "purge the release stream"
  | "delete the record of truth"
  | "purge the record of truth";

/** The destructive and forging things a NATS user might try (`only`: these), each with its outcome. */
export async function natsAttempts(
  nats: NatsConnection,
  user: string,
  only?: readonly NatsAttempt[],
): Promise<Partial<Record<NatsAttempt, string>>> {
  const js = jetstream(nats, { timeout: 3000 });
  const jsm = await jetstreamManager(nats, { timeout: 3000 });
  const event = JSON.stringify({ type: "release.published", forgedBy: user });
  const attempts: Record<NatsAttempt, () => Promise<unknown>> = {
    "publish a release event": () => js.publish("gazette.releases.published.demo", event),
    "write the release bucket": async () => {
      const kv = await new Kvm(js).open("releases");
      await kv.put(`forged-by-${user}`, event);
    },
    "delete the release stream": () => jsm.streams.delete("RELEASES"),
    "purge the release stream": () => jsm.streams.purge("RELEASES"),
    "delete the record of truth": () => jsm.streams.delete("KV_releases"),
    "purge the record of truth": () => jsm.streams.purge("KV_releases"),
  };
  const results: Partial<Record<NatsAttempt, string>> = {};
  for (const [what, attempt] of Object.entries(attempts) as [NatsAttempt, () => Promise<unknown>][])
    if (only === undefined || only.includes(what)) results[what] = await outcome(attempt);
  return results;
}

/**
 * What a NATS server does with a client that speaks without TLS (CONNECT and PING in clear text): what
 * it said after its INFO, and whether it closed the connection.
 */
export async function plainTextAnswer(natsUrl: string): Promise<{ info: string; answer: string; closed: boolean }> {
  const { hostname, port } = new URL(natsUrl.replace(/^tls:/, "nats:"));
  const socket = tcpConnect(Number(port), hostname);
  await once(socket, "connect");
  let received = "";
  let closed = false;
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("utf8")));
  socket.on("close", () => (closed = true));
  socket.on("error", () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 300)); // the server's INFO
  socket.write('CONNECT {"verbose":false,"pedantic":false,"tls_required":false,"name":"outsider"}\r\nPING\r\n');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  socket.destroy();
  const lines = received.split("\r\n");
  return {
    info: lines.find((line) => line.startsWith("INFO ")) ?? "",
    answer: lines
      .filter((line) => !line.startsWith("INFO "))
      .join(" ")
      .trim(),
    closed,
  };
}

/** One request to an OpenSearch node as `user` (undefined: anonymous), with the deployment's CA. */
export async function openSearchAs(
  cluster: LocalCluster,
  user: "indexer" | "feeds" | "admin" | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<number> {
  const dispatcher = new Agent({ connect: { ca: readFileSync(cluster.secrets.caFile) } });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (user !== undefined) {
    const { username, password } = JSON.parse(
      readFileSync(`${cluster.secrets.dir}/opensearch-${user}.json`, "utf8"),
    ) as { username: string; password: string };
    headers["authorization"] = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }
  try {
    const response = await undiciFetch(`${cluster.opensearch[0]!.url}${path}`, {
      method,
      headers,
      dispatcher,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await response.body?.cancel();
    return response.status;
  } finally {
    await dispatcher.close();
  }
}
