import { randomBytes } from "node:crypto";
import { PublisherIdSchema } from "@gazette/shared";
import { PublisherRegistryError, sha256Hex, type PublisherRegistryJson } from "./publisher-registry.ts";

/** A new API key: 32 random bytes, URL-safe, with a prefix that makes a leaked key easy to recognise. */
export function newApiKey(): string {
  return `gz_${randomBytes(32).toString("base64url")}`;
}

export interface RegistryEdit {
  registry: PublisherRegistryJson;
  /** The new key, in clear: shown once, never stored. */
  apiKey: string;
}

/** Adds a publisher with one new key; refuses an id that is taken or malformed, or no name. */
export function addPublisher(
  registry: PublisherRegistryJson,
  id: string,
  name: Record<string, string>,
  apiKey = newApiKey(),
): RegistryEdit {
  const parsedId = PublisherIdSchema.safeParse(id);
  if (!parsedId.success)
    throw new PublisherRegistryError(`"${id}" is not a publisher id: ${parsedId.error.issues[0]?.message}`);
  if (registry.publishers.some((publisher) => publisher.id === id))
    throw new PublisherRegistryError(`publisher "${id}" already exists; use \`key rotate ${id}\` for a new key`);
  if (Object.keys(name).length === 0)
    throw new PublisherRegistryError("give the publisher a name, e.g. --name-ru '…' --name-en '…'");
  return { registry: { publishers: [...registry.publishers, { id, name, keySha256: [sha256Hex(apiKey)] }] }, apiKey };
}

/**
 * Gives a publisher a new key. Its other keys stay valid (so its systems can switch over) unless
 * `revokeOthers`, which leaves the new key the only one.
 */
export function rotateKey(
  registry: PublisherRegistryJson,
  id: string,
  revokeOthers: boolean,
  apiKey = newApiKey(),
): RegistryEdit {
  if (!registry.publishers.some((publisher) => publisher.id === id))
    throw new PublisherRegistryError(`no publisher "${id}"; add it with \`publisher add ${id} --name-en …\``);
  const hash = sha256Hex(apiKey);
  return {
    registry: {
      publishers: registry.publishers.map((publisher) =>
        publisher.id === id
          ? { ...publisher, keySha256: revokeOthers ? [hash] : [...publisher.keySha256, hash] }
          : publisher,
      ),
    },
    apiKey,
  };
}
