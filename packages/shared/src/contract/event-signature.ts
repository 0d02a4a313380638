/**
 * Release events that cannot be forged (ADR 0021): ingest signs each event with an Ed25519 key only it
 * holds; the signature covers the subject (the publisher and the kind of change) and the payload (the
 * release, its version), so neither can be changed, nor a signature copied onto another event. The
 * indexer checks it with the public key(s) it is given before it writes anything. Several public keys
 * may be given at once (a key being rotated: the old one still verifies events signed before the switch).
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";

/** The header that carries an event's signature: `ed25519 <key id> <base64 signature>`. */
export const eventSignatureHeader = "Gazette-Signature";

/** What is signed: a domain label, the subject and the payload (a signature is valid for this subject only). */
function signedBytes(subject: string, payload: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`gazette-release-event-v1\n${subject}\n`, "utf8"), payload]);
}

/** A key's id: the first 16 hex digits of the SHA-256 of its public key (SPKI, DER). */
function keyIdOf(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ format: "der", type: "spki" }))
    .digest("hex")
    .slice(0, 16);
}

/** A key file that cannot be read, or is not an Ed25519 key: which variable names it, and why. */
export class EventKeyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EventKeyError";
  }
}

function readPem(variable: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new EventKeyError(`cannot read ${variable} (${file}): ${(error as Error).message}`, { cause: error });
  }
}

/** Signs release events (ingest). */
export class EventSigner {
  readonly #key: KeyObject;
  readonly keyId: string;

  constructor(privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== "ed25519") throw new EventKeyError("the event signing key must be Ed25519");
    this.#key = privateKey;
    this.keyId = keyIdOf(createPublicKey(privateKey));
  }

  /** The signer of the PKCS#8 PEM key in `file` (INGEST_EVENT_SIGNING_KEY_FILE). */
  static fromFile(file: string, variable = "INGEST_EVENT_SIGNING_KEY_FILE"): EventSigner {
    try {
      return new EventSigner(createPrivateKey(readPem(variable, file)));
    } catch (error) {
      if (error instanceof EventKeyError) throw error;
      throw new EventKeyError(`${variable} (${file}) is not a PEM private key: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** The header value for an event on `subject` with this payload. */
  sign(subject: string, payload: Uint8Array): string {
    const signature = sign(null, signedBytes(subject, payload), this.#key).toString("base64");
    return `ed25519 ${this.keyId} ${signature}`;
  }
}

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

/** Checks release events' signatures (the indexer, reindex). */
export class EventVerifier {
  readonly #keys: Map<string, KeyObject>;

  constructor(publicKeys: readonly KeyObject[]) {
    if (publicKeys.length === 0) throw new EventKeyError("no public key to verify release events with");
    for (const key of publicKeys)
      if (key.asymmetricKeyType !== "ed25519") throw new EventKeyError("event verify keys must be Ed25519");
    this.#keys = new Map(publicKeys.map((key) => [keyIdOf(key), key]));
  }

  /** The verifier of every SPKI PEM public key in `file` (INDEXER_EVENT_VERIFY_KEY_FILE; several for a rotation). */
  static fromFile(file: string, variable = "INDEXER_EVENT_VERIFY_KEY_FILE"): EventVerifier {
    const pems = readPem(variable, file).match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
    if (pems.length === 0) throw new EventKeyError(`${variable} (${file}) holds no PEM public key`);
    return new EventVerifier(pems.map((pem) => createPublicKey(pem)));
  }

  /** Whether `header` is a valid signature, by a key given, of this event on this subject. */
  check(subject: string, payload: Uint8Array, header: string | undefined): SignatureCheck {
    if (header === undefined || header === "") return { valid: false, reason: "the event is not signed" };
    const [algorithm, keyId, signature, ...rest] = header.trim().split(/\s+/);
    if (algorithm !== "ed25519" || keyId === undefined || signature === undefined || rest.length > 0)
      return { valid: false, reason: "the event's signature is not of the form `ed25519 <key id> <signature>`" };
    const key = this.#keys.get(keyId);
    if (key === undefined) return { valid: false, reason: `the event is signed by an unknown key (${keyId})` };
    const ok = verify(null, signedBytes(subject, payload), key, Buffer.from(signature, "base64"));
    return ok
      ? { valid: true }
      : { valid: false, reason: "the event's signature does not match its subject and content" };
  }
}
