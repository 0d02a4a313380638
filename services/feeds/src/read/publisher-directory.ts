import type { NatsConnection } from "@nats-io/transport-node";
import { jetstream } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import { publisherName, type Logger, type PublisherNames, followBucket, openBucket } from "@gazette/shared";

/**
 * Publishers' names as ingest mirrors them from its registry (a KV bucket), kept current by watching
 * the bucket: a rename shows in feeds and pages at once (`onChange` drops cached feeds), no reindex.
 */
export class PublisherDirectory {
  readonly #names = new Map<string, Record<string, string>>();
  #watch: { stop(): void } | undefined;

  get names(): PublisherNames {
    return this.#names;
  }

  /** The name for a reader of `language`, with the fallbacks of `publisherName`. */
  nameOf(id: string, language?: string): string {
    return publisherName(this.#names, id, language);
  }

  static async open(
    nats: NatsConnection,
    bucket: { name: string; replicas: number },
    logger: Logger,
    onChange: () => void,
  ): Promise<PublisherDirectory> {
    const directory = new PublisherDirectory();
    const kv: KV = await openBucket(jetstream(nats), bucket.name, { history: 1, replicas: bucket.replicas });
    directory.#watch = await followBucket(
      kv,
      (entry) => {
        if (entry.operation === "PUT") {
          const value = entry.json<{ name?: Record<string, string> }>();
          directory.#names.set(entry.key, value.name ?? {});
        } else directory.#names.delete(entry.key);
        onChange();
      },
      logger,
      "publisher names",
    );
    return directory;
  }

  stop(): void {
    this.#watch?.stop();
  }
}
