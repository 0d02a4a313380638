/**
 * The certificates of a deployment, made with `openssl` (on every Debian machine): a CA of our own
 * (never OpenSearch's demo certificates), and leaf certificates it signs for NATS, OpenSearch's nodes
 * and HTTP, the edge proxy, and OpenSearch's security admin. RSA 2048, PKCS#8 keys (what OpenSearch's
 * security plugin reads), SHA-256, the names given as subject alternative names. ADR 0021.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** openssl failed: its own words. */
export class OpensslError extends Error {
  constructor(args: readonly string[], output: string) {
    super(`openssl ${args[0]} failed: ${output.trim().split("\n").slice(-3).join(" ")}`);
    this.name = "OpensslError";
  }
}

function openssl(args: string[]): void {
  const run = spawnSync("openssl", args, { encoding: "utf8" });
  if (run.error !== undefined)
    throw new OpensslError(args, `${run.error.message} (install it: apt-get install openssl)`);
  if (run.status !== 0) throw new OpensslError(args, `${run.stdout}${run.stderr}`);
}

const days = "825";

/** A CA (`ca.pem`, `ca-key.pem`) in `dir`, unless one is there. */
export function ensureCertificateAuthority(dir: string): { certFile: string; keyFile: string } {
  const certFile = join(dir, "ca.pem");
  const keyFile = join(dir, "ca-key.pem");
  if (existsSync(certFile) && existsSync(keyFile)) return { certFile, keyFile };
  openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keyFile]);
  openssl([
    ...["req", "-x509", "-new", "-key", keyFile, "-sha256", "-days", "3650", "-out", certFile],
    ...["-subj", "/O=Gazette/CN=Gazette deployment CA"],
    ...["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
  ]);
  return { certFile, keyFile };
}

export interface LeafCertificate {
  /** File names in the folder: `<name>.pem` and `<name>-key.pem`. */
  name: string;
  /** The subject, as OpenSearch's settings name it (`CN=…,O=Gazette`, most specific first). */
  commonName: string;
  dnsNames?: string[];
  ipAddresses?: string[];
}

/** The subject a leaf certificate gets, as OpenSearch writes distinguished names. */
export const distinguishedName = (commonName: string) => `CN=${commonName},O=Gazette`;

/** A leaf certificate signed by the folder's CA, for servers and clients alike, unless one is there. */
export function ensureLeafCertificate(dir: string, leaf: LeafCertificate): { certFile: string; keyFile: string } {
  const certFile = join(dir, `${leaf.name}.pem`);
  const keyFile = join(dir, `${leaf.name}-key.pem`);
  if (existsSync(certFile) && existsSync(keyFile)) return { certFile, keyFile };
  const ca = ensureCertificateAuthority(dir);
  const work = mkdtempSync(join(tmpdir(), "gazette-cert-"));
  try {
    const request = join(work, "request.csr");
    const extensions = join(work, "extensions.cnf");
    const names = [
      ...(leaf.dnsNames ?? []).map((dns) => `DNS:${dns}`),
      ...(leaf.ipAddresses ?? []).map((ip) => `IP:${ip}`),
    ];
    writeFileSync(
      extensions,
      [
        "basicConstraints=CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage=serverAuth,clientAuth",
        ...(names.length === 0 ? [] : [`subjectAltName=${names.join(",")}`]),
      ].join("\n"),
    );
    openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keyFile]);
    openssl(["req", "-new", "-key", keyFile, "-out", request, "-subj", `/O=Gazette/CN=${leaf.commonName}`]);
    openssl([
      ...["x509", "-req", "-in", request, "-CA", ca.certFile, "-CAkey", ca.keyFile, "-CAcreateserial"],
      ...["-out", certFile, "-days", days, "-sha256", "-extfile", extensions],
    ]);
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(join(dir, "ca.srl"), { force: true });
  }
  return { certFile, keyFile };
}
