/**
 * Every secret of a deployment in one folder, made where missing and kept where present (run it again
 * and nothing changes; delete a file and only it is made anew — how a secret is rotated, SECURITY.md):
 *
 *   ca.pem, ca-key.pem                  our CA (ca-key.pem stays with the operator, never in a container)
 *   nats.pem, nats-key.pem              NATS servers' certificate (client TLS, mutual TLS on routes)
 *   operator.jwt, nats-accounts.conf    NATS trust: the operator, and the accounts the servers preload (no paths)
 *   ingest.creds, indexer.creds, feeds.creds, admin.creds   NATS users (JWT + seed), least privilege
 *   opensearch-node.pem, -key.pem       OpenSearch nodes' certificate (HTTP and transport TLS)
 *   opensearch-admin-cert.pem, -key.pem OpenSearch's security admin certificate (securityadmin)
 *   opensearch-security/*.yml           the security plugin's configuration (users hashed, roles)
 *   opensearch-<user>.password, opensearch-<user>.json    OpenSearch users' passwords
 *   event-signing.pem, event-verify.pem Ed25519 key pair: ingest signs release events, the indexer checks
 *   edge.pem, edge-key.pem              the TLS edge proxy's certificate
 *
 * Files are written 0600 in a 0700 folder. ADR 0021.
 */
import { generateKeyPairSync } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { distinguishedName, ensureCertificateAuthority, ensureLeafCertificate } from "./certificates.ts";
import { defaultNatsNames, gazetteUsers, type GazetteNatsNames } from "./nats-permissions.ts";
import { createNatsTrust, natsServerTrustConfig } from "./nats-trust.ts";
import { newPassword, openSearchUsers, securityConfigFiles, type OpenSearchUser } from "./opensearch-security.ts";

export interface SecretsOptions {
  /** NATS names the permissions are made for. Default: the services' defaults. */
  natsNames?: GazetteNatsNames;
  /** The OpenSearch alias the roles cover (`<alias>*`). Default `releases`. */
  alias?: string;
  /** Host names the certificates are valid for, besides localhost and 127.0.0.1 (compose's service names). */
  hostNames?: string[];
}

export interface Secrets {
  dir: string;
  caFile: string;
  natsCredsFile(user: "ingest" | "indexer" | "feeds" | "admin"): string;
  natsServer: { certFile: string; keyFile: string; operatorJwtFile: string; securityConfigFile: string };
  openSearchNode: { certFile: string; keyFile: string; securityConfigDir: string };
  openSearchPasswordFile(user: OpenSearchUser): string;
  openSearchAdminCert: { certFile: string; keyFile: string; dn: string };
  openSearchNodeDn: string;
  eventSigningKeyFile: string;
  eventVerifyKeyFile: string;
  edge: { certFile: string; keyFile: string };
}

function writeSecret(path: string, content: string | Uint8Array): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

const nodeCommonName = "opensearch-node";
const adminCommonName = "gazette-opensearch-admin";

/** The folder's secrets, made where missing. */
export async function ensureSecrets(dir: string, options: SecretsOptions = {}): Promise<Secrets> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = (name: string) => join(dir, name);
  const hosts = ["localhost", ...(options.hostNames ?? [])];
  const ca = ensureCertificateAuthority(dir);
  const nats = ensureLeafCertificate(dir, {
    name: "nats",
    commonName: "nats",
    dnsNames: [...hosts, "nats", "nats-1", "nats-2", "nats-3"],
    ipAddresses: ["127.0.0.1"],
  });
  const node = ensureLeafCertificate(dir, {
    name: "opensearch-node",
    commonName: nodeCommonName,
    dnsNames: [...hosts, "opensearch", "opensearch-1", "opensearch-2", "opensearch-3"],
    ipAddresses: ["127.0.0.1"],
  });
  const admin = ensureLeafCertificate(dir, { name: "opensearch-admin-cert", commonName: adminCommonName });
  const edge = ensureLeafCertificate(dir, {
    name: "edge",
    commonName: "gazette-edge",
    dnsNames: [...hosts, "edge"],
    ipAddresses: ["127.0.0.1"],
  });
  await ensureNatsTrust(dir, options.natsNames ?? defaultNatsNames);
  ensureOpenSearchUsers(dir, options.alias ?? "releases");
  ensureEventKeys(dir);
  for (const name of ["ca-key.pem"]) chmodSync(file(name), 0o600);
  return {
    dir,
    caFile: ca.certFile,
    natsCredsFile: (user) => file(`${user}.creds`),
    natsServer: {
      ...nats,
      operatorJwtFile: file("operator.jwt"),
      securityConfigFile: file("nats-accounts.conf"),
    },
    openSearchNode: { ...node, securityConfigDir: file("opensearch-security") },
    openSearchPasswordFile: (user) => file(`opensearch-${user}.password`),
    openSearchAdminCert: { ...admin, dn: distinguishedName(adminCommonName) },
    openSearchNodeDn: distinguishedName(nodeCommonName),
    eventSigningKeyFile: file("event-signing.pem"),
    eventVerifyKeyFile: file("event-verify.pem"),
    edge,
  };
}

/** NATS's operator, accounts and users: made together (a user's JWT is signed by the account the servers preload). */
async function ensureNatsTrust(dir: string, names: GazetteNatsNames): Promise<void> {
  const needed = ["operator.jwt", "nats-accounts.conf", ...gazetteUsers.map((user) => `${user}.creds`)];
  if (needed.every((name) => existsSync(join(dir, name)))) return;
  const trust = await createNatsTrust(names);
  writeSecret(join(dir, "operator.jwt"), trust.operatorJwt);
  writeSecret(join(dir, "nats-accounts.conf"), `${natsServerTrustConfig(trust)}\n`);
  for (const user of gazetteUsers) writeSecret(join(dir, `${user}.creds`), trust.creds[user]);
}

/** OpenSearch's users: passwords (a file each, and the `{"username","password"}` JSON of the cluster's contract) and the plugin's configuration. */
function ensureOpenSearchUsers(dir: string, alias: string): void {
  const passwordFile = (user: OpenSearchUser) => join(dir, `opensearch-${user}.password`);
  const configDir = join(dir, "opensearch-security");
  const complete =
    openSearchUsers.every((user) => existsSync(passwordFile(user))) &&
    existsSync(join(configDir, "internal_users.yml"));
  if (complete) return;
  const passwords = Object.fromEntries(
    openSearchUsers.map((user) => [
      user,
      existsSync(passwordFile(user)) ? readFileSync(passwordFile(user), "utf8").trim() : newPassword(),
    ]),
  ) as Record<OpenSearchUser, string>;
  for (const user of openSearchUsers) {
    writeSecret(passwordFile(user), `${passwords[user]}\n`);
    writeSecret(
      join(dir, `opensearch-${user}.json`),
      `${JSON.stringify({ username: `gazette-${user}`, password: passwords[user] })}\n`,
    );
  }
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  for (const [name, text] of Object.entries(securityConfigFiles({ alias, passwords })))
    writeSecret(join(configDir, name), text);
}

/** The release events' Ed25519 key pair: the private key for ingest only, the public key for the indexer. */
function ensureEventKeys(dir: string): void {
  const signing = join(dir, "event-signing.pem");
  const verify = join(dir, "event-verify.pem");
  if (existsSync(signing) && existsSync(verify)) return;
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  writeSecret(signing, privateKey.export({ format: "pem", type: "pkcs8" }) as string);
  writeSecret(verify, publicKey.export({ format: "pem", type: "spki" }) as string);
}

/** The user name an OpenSearch user signs in with. */
export const openSearchUserName = (user: OpenSearchUser) => `gazette-${user}`;
