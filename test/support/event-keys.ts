import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A release-event key pair of a test's own (ADR 0021): ingest signs with the private key, the indexer
 * checks with the public one, as in production. The variables to give them.
 */
export function testEventKeys(): { INGEST_EVENT_SIGNING_KEY_FILE: string; INDEXER_EVENT_VERIFY_KEY_FILE: string } {
  const dir = mkdtempSync(join(tmpdir(), "gazette-event-keys-"));
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const signing = join(dir, "event-signing.pem");
  const verify = join(dir, "event-verify.pem");
  writeFileSync(signing, privateKey.export({ format: "pem", type: "pkcs8" }) as string, { mode: 0o600 });
  writeFileSync(verify, publicKey.export({ format: "pem", type: "spki" }) as string);
  return { INGEST_EVENT_SIGNING_KEY_FILE: signing, INDEXER_EVENT_VERIFY_KEY_FILE: verify };
}
