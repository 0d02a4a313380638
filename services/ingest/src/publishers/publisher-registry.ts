import { createHash, timingSafeEqual } from "node:crypto";
import { unwatchFile, watchFile } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { z } from "zod";
import { parseJsonText, PublisherIdSchema, describeIssues, GazetteError } from "@gazette/shared";

const PublisherSchema = z.strictObject({
  id: PublisherIdSchema,
  name: z.record(z.string(), z.string().min(1)),
  keySha256: z.array(z.string().regex(/^[0-9a-f]{64}$/, "each key hash is 64 lowercase hex digits")).min(1),
  /** Its sites are on an internal network: links and images may be on IP addresses and single-label hosts. */
  internal: z.boolean().optional(),
});
const RegistrySchema = z.strictObject({ publishers: z.array(PublisherSchema) });

export type Publisher = z.output<typeof PublisherSchema>;
export type PublisherRegistryJson = z.input<typeof RegistrySchema>;

/** Which hosts a publisher's links may use: any, for one the registry marks internal; else public domains. */
export function linksOf(publisher: Publisher | undefined): { anyHost: boolean } {
  return { anyHost: publisher?.internal === true };
}

/** The registry file is missing or not valid. */
export class PublisherRegistryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PublisherRegistryError";
  }
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The publishers that may push releases, found by API key. Keys are known only by their sha256. */
export class PublisherRegistry {
  #publishers: readonly Publisher[];
  #hashes: readonly { hash: Buffer; publisher: Publisher }[];

  constructor(publishers: readonly Publisher[]) {
    const ids = new Set<string>();
    for (const publisher of publishers) {
      if (ids.has(publisher.id)) throw new PublisherRegistryError(`publisher "${publisher.id}" is listed twice`);
      ids.add(publisher.id);
    }
    this.#publishers = publishers;
    this.#hashes = publishers.flatMap((publisher) =>
      publisher.keySha256.map((hex) => ({ hash: Buffer.from(hex, "hex"), publisher })),
    );
  }

  /** Takes over another registry's publishers and keys (a reloaded file), at once. */
  replaceWith(next: PublisherRegistry): void {
    this.#publishers = next.#publishers;
    this.#hashes = next.#hashes;
  }

  static fromJson(json: unknown): PublisherRegistry {
    const parsed = RegistrySchema.safeParse(json);
    if (!parsed.success) {
      throw new PublisherRegistryError(`invalid publisher registry: ${describeIssues(parsed.error.issues)}`);
    }
    return new PublisherRegistry(parsed.data.publishers);
  }

  /** The publisher whose key this is; every stored hash is compared, in constant time. */
  authenticate(apiKey: string): Publisher | undefined {
    const presented = createHash("sha256").update(apiKey, "utf8").digest();
    let match: Publisher | undefined;
    for (const { hash, publisher } of this.#hashes) {
      if (timingSafeEqual(hash, presented) && match === undefined) match = publisher;
    }
    return match;
  }

  get publishers(): readonly Publisher[] {
    return this.#publishers;
  }

  /** Whether a publisher of this id is in the registry now (a reload may have dropped it). */
  has(id: string): boolean {
    return this.#publishers.some((publisher) => publisher.id === id);
  }

  /** Which hosts a publisher's links may use: any, for one the registry marks internal; else public domains. */
  linksOf(id: string): { anyHost: boolean } {
    return linksOf(this.#publishers.find((publisher) => publisher.id === id));
  }
}

/** The registry file as JSON, validated; `{publishers: []}` if it does not exist yet and `missingIsEmpty`. */
export async function readPublisherRegistryJson(file: string, missingIsEmpty = false): Promise<PublisherRegistryJson> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (missingIsEmpty && (error as NodeJS.ErrnoException).code === "ENOENT") return { publishers: [] };
    throw new PublisherRegistryError(`cannot read PUBLISHERS_FILE ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = parseJsonText(text, `PUBLISHERS_FILE ${file}`);
  } catch (error) {
    throw new PublisherRegistryError((error as Error).message, { cause: error });
  }
  try {
    PublisherRegistry.fromJson(json);
  } catch (error) {
    throw new PublisherRegistryError(`PUBLISHERS_FILE ${file}: ${(error as Error).message}`, { cause: error });
  }
  return json as PublisherRegistryJson;
}

/** Writes the registry file whole (a temporary file renamed over it), so a reader never sees half of it. */
export async function writePublisherRegistryJson(file: string, registry: PublisherRegistryJson): Promise<void> {
  PublisherRegistry.fromJson(registry);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(registry, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

/**
 * Reloads `registry` from `file` whenever the file changes (checked every `intervalMs`); a file that
 * does not load is reported and the registry in use is kept. Returns how to stop watching.
 */
export function watchPublisherRegistry(
  file: string,
  registry: PublisherRegistry,
  onReload: (error?: Error) => void,
  intervalMs = 1000,
): () => void {
  const reload = () => {
    loadPublisherRegistry(file).then(
      (next) => {
        registry.replaceWith(next);
        onReload();
      },
      (error: Error) => onReload(error),
    );
  };
  watchFile(file, { interval: intervalMs }, (current, previous) => {
    if (current.mtimeMs !== previous.mtimeMs || current.ino !== previous.ino) reload();
  });
  return () => unwatchFile(file);
}

export async function loadPublisherRegistry(file: string): Promise<PublisherRegistry> {
  return PublisherRegistry.fromJson(await readPublisherRegistryJson(file));
}

/** For development only: publisher `demo` with key `demo-key`. */
export const developmentApiKey = "demo-key";
export function developmentRegistry(): PublisherRegistry {
  return new PublisherRegistry([
    {
      id: "demo",
      name: { en: "Demo publisher", ru: "Демо-издатель", kk: "Демо баспагер" },
      keySha256: [sha256Hex(developmentApiKey)],
    },
  ]);
}

/**
 * A release from an upstream feed is submitted only while its publisher is registered: a registry
 * reload that drops a publisher stops its feeds' entries at once (each is skipped, with the reason).
 */
export function submitIfRegistered<T>(
  registry: PublisherRegistry,
  publisher: string,
  submit: () => Promise<T>,
): Promise<T> {
  if (!registry.has(publisher)) {
    const detail = `publisher ${publisher} is not in the registry (any more): its upstream feeds submit nothing`;
    return Promise.reject(new GazetteError("FORBIDDEN", detail));
  }
  return submit();
}
