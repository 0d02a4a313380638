import type { JetStreamClient } from "@nats-io/jetstream";
import { openBucket } from "@gazette/shared";
import type { PublisherRegistry } from "./publisher-registry.ts";

/**
 * Mirrors the registry's publishers (id and names; never key hashes) into a KV bucket that feeds
 * watches, so a new or renamed publisher shows in feeds and pages without a reindex. Removed
 * publishers are removed from the bucket.
 */
export async function mirrorPublisherNames(
  js: JetStreamClient,
  bucket: string,
  registry: PublisherRegistry,
  replicas = 1,
): Promise<void> {
  const kv = await openBucket(js, bucket, { history: 1, replicas });
  const present = new Set<string>();
  for (const publisher of registry.publishers) {
    present.add(publisher.id);
    const value = JSON.stringify({ id: publisher.id, name: publisher.name });
    const current = await kv.get(publisher.id);
    if (current === null || current.operation !== "PUT" || current.string() !== value)
      await kv.put(publisher.id, value);
  }
  const keys: string[] = [];
  for await (const key of await kv.keys()) keys.push(key);
  for (const key of keys) if (!present.has(key)) await kv.delete(key);
}
