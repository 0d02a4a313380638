import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import {
  openWatermarksBucket,
  repeatEvery,
  watermarkIntervalMs,
  type Logger,
  type ReleaseEventNames,
} from "@gazette/shared";
import type { WriteWatermark } from "./write-watermark.ts";

/**
 * Publishes this indexer's watermark to the watermarks bucket every `watermarkIntervalMs`, under a
 * key of its own; removes it on stop (a stopped indexer holds nothing back). Feeds reads the bucket
 * to know how far /v1/changes is final.
 */
export class WatermarkPublisher {
  readonly #kv: KV;
  readonly #watermark: WriteWatermark;
  /** Whether this indexer is rebuilding a lost index (said with the watermark: feeds answer search 503 meanwhile). */
  rebuilding = false;
  readonly #logger: Logger;
  readonly #key = `${hostname()}-${process.pid}-${randomBytes(4).toString("hex")}`.replace(/[^A-Za-z0-9_-]/g, "-");
  #repeating: { stop(): Promise<void> } | undefined;
  #failing = false;

  private constructor(kv: KV, watermark: WriteWatermark, logger: Logger) {
    this.#kv = kv;
    this.#watermark = watermark;
    this.#logger = logger;
  }

  static async open(
    js: JetStreamClient,
    names: ReleaseEventNames,
    watermark: WriteWatermark,
    logger: Logger,
    replicas = 1,
  ): Promise<WatermarkPublisher> {
    // Entries of indexers that died without a word go by themselves (a minute of age at most).
    const kv = await openWatermarksBucket(js, names, replicas);
    return new WatermarkPublisher(kv, watermark, logger);
  }

  start(): void {
    this.#repeating = repeatEvery(() => this.#publish(), watermarkIntervalMs, 0);
  }

  async stop(): Promise<void> {
    // A publish under way finishes first: it would otherwise put the key back after its removal.
    await this.#repeating?.stop();
    await this.#kv.delete(this.#key).catch(() => undefined);
  }

  async #publish(): Promise<void> {
    try {
      await this.#kv.put(
        this.#key,
        JSON.stringify({ watermark: this.#watermark.value(), rebuilding: this.rebuilding }),
      );
      if (this.#failing) this.#logger.info("watermark published again");
      this.#failing = false;
    } catch (error) {
      // NATS away: /v1/changes waits (its list stays final); the next tick tries again.
      if (!this.#failing) this.#logger.warn({ err: error }, "watermark not published; /v1/changes waits");
      this.#failing = true;
    }
  }
}
