/**
 * NATS's production model of trust, made by code (where `nsc` is not available): an operator signs two
 * accounts (SYS, for the servers' own traffic, and GAZETTE, with JetStream), and GAZETTE signs one user
 * per service and an admin user, each with the permissions of nats-permissions.ts. Every user gets a
 * `.creds` file (its JWT and its seed); the servers get the operator's JWT and the accounts' JWTs to
 * preload (a memory resolver: the accounts change only when this is run again). ADR 0021.
 */
import {
  createAccount,
  createOperator,
  createUser,
  encodeAccount,
  encodeOperator,
  encodeUser,
  fmtCreds,
} from "@nats-io/jwt";
import {
  gazetteUsers,
  inboxPrefixOf,
  natsPermissions,
  type GazetteNatsNames,
  type GazetteUser,
} from "./nats-permissions.ts";

export interface NatsTrust {
  operatorJwt: string;
  systemAccount: string;
  /** The GAZETTE account's public key (the account every service connects into). */
  gazetteAccount: string;
  /** Account public key → JWT, for `resolver_preload`. */
  accountJwts: Record<string, string>;
  /** Each user's `.creds` file. */
  creds: Record<GazetteUser, string>;
}

/** A new operator, its accounts and users, for a deployment's NATS names. */
export async function createNatsTrust(names: GazetteNatsNames): Promise<NatsTrust> {
  const operator = createOperator();
  const system = createAccount();
  const gazette = createAccount();
  const operatorJwt = await encodeOperator("gazette", operator, { system_account: system.getPublicKey() });
  const systemJwt = await encodeAccount("SYS", system, {}, { signer: operator });
  const gazetteJwt = await encodeAccount(
    "GAZETTE",
    gazette,
    {
      // JetStream on, without limits of its own: the servers' max_file_store and the streams' limits bound it.
      limits: {
        mem_storage: -1,
        disk_storage: -1,
        streams: -1,
        consumer: -1,
        conn: -1,
        subs: -1,
        data: -1,
        payload: -1,
      },
    },
    { signer: operator },
  );
  const permissions = natsPermissions(names);
  const creds = {} as Record<GazetteUser, string>;
  for (const name of gazetteUsers) {
    const user = createUser();
    const { pub, sub, resp } = permissions[name];
    const jwt = await encodeUser(`gazette-${name}`, user, gazette, {
      pub,
      sub,
      // JWTs give a response's time to live in nanoseconds.
      ...(resp === undefined ? {} : { resp: { max: resp.max, ttl: resp.ttlMs * 1_000_000 } }),
    });
    creds[name] = new TextDecoder().decode(fmtCreds(jwt, user));
  }
  return {
    operatorJwt,
    systemAccount: system.getPublicKey(),
    gazetteAccount: gazette.getPublicKey(),
    accountJwts: { [system.getPublicKey()]: systemJwt, [gazette.getPublicKey()]: gazetteJwt },
    creds,
  };
}

export interface NatsServerTls {
  certFile: string;
  keyFile: string;
  caFile: string;
}

/**
 * The trust part of a nats-server configuration (nats-accounts.conf): the operator (its JWT inline),
 * the system account, and the accounts preloaded in a memory resolver. No file path in it: a local
 * server and a container include the same file.
 */
export function natsServerTrustConfig(trust: NatsTrust): string {
  const preload = Object.entries(trust.accountJwts)
    .map(([key, jwt]) => `  ${key}: ${jwt}`)
    .join("\n");
  return [
    // A CONNECT carries the user's JWT, and least-privilege permissions make it long (4,270 bytes for
    // the indexer): past the default 4 KB control line the server drops the connection.
    "max_control_line: 16384",
    `operator: ${trust.operatorJwt}`,
    `system_account: ${trust.systemAccount}`,
    "resolver: MEMORY",
    `resolver_preload: {\n${preload}\n}`,
  ].join("\n");
}

/** TLS on client connections, required: a client without TLS is refused. */
export function natsClientTlsConfig(tls: NatsServerTls): string {
  return `tls {\n  cert_file: ${JSON.stringify(tls.certFile)}\n  key_file: ${JSON.stringify(tls.keyFile)}\n  ca_file: ${JSON.stringify(tls.caFile)}\n  timeout: 5\n}`;
}

/** The cluster block with mutual TLS on routes (each node presents its certificate and checks the other's). */
export function natsClusterConfig(
  options: { name: string; listen: string; routes: string[] },
  tls: NatsServerTls,
): string {
  return `cluster {
  name: ${options.name}
  listen: ${JSON.stringify(options.listen)}
  routes: [${options.routes.map((route) => JSON.stringify(route)).join(", ")}]
  tls {
    cert_file: ${JSON.stringify(tls.certFile)}
    key_file: ${JSON.stringify(tls.keyFile)}
    ca_file: ${JSON.stringify(tls.caFile)}
    verify: true
    timeout: 5
  }
}`;
}

export { inboxPrefixOf };
