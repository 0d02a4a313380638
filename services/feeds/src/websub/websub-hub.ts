import { createHash, createHmac, randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { KV } from "@nats-io/kv";
import { z } from "zod";
import {
  GazetteError,
  outboundRequest,
  refusalOf,
  type Logger,
  type OutboundPolicy,
  backoffDelay,
  parseOrRefuse,
  invalidInput,
  isCasConflict,
} from "@gazette/shared";

/** A subscriber's request to the hub (W3C WebSub §5.1), as form fields. */
const SubscriptionRequestSchema = z.object({
  "hub.mode": z.enum(["subscribe", "unsubscribe"]),
  "hub.topic": z.url({ protocol: /^https?$/ }),
  "hub.callback": z.url({ protocol: /^https?$/ }),
  "hub.lease_seconds": z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .optional(),
  "hub.secret": z.string().min(1).max(199).optional(),
});

export interface Subscription {
  topic: string;
  callback: string;
  secret?: string;
  expiresAt: number;
  /** ETag of the feed as last delivered (or as it was when the subscription began). */
  deliveredEtag?: string;
  /** A hub process is delivering this ETag until `until` (ms since the epoch): others leave it alone. */
  claim?: { etag: string; until: number; by: string };
}

/** Fetches one of our own feeds by its public URL (through the service itself, so the cache is used). */
export type TopicReader = (
  topic: string,
) => Promise<{ body: Buffer; etag: string; contentType: string; publishers?: readonly string[] } | undefined>;

/** What became of a delivery attempt, and whose releases the delivered feed holds. */
export type DeliveryListener = (
  outcome: "delivered" | "retried" | "gone" | "given_up",
  publishers: readonly string[],
) => void;

const defaultLeaseSeconds = 10 * 86_400;
/** What the hub reads of a subscriber's answer at most: a challenge, or a delivery's acknowledgement. */
const maxAnswerBytes = 64 * 1024;

/** How many subscriptions the hub keeps: per callback host, and in all. */
export interface SubscriptionLimits {
  perCallbackHost: number;
  total: number;
}
const deliveryAttempts = 4;
/**
 * How long a process's claim on a delivery holds: longer than all its attempts can take (4 × 10 s
 * timeouts and 21 s of backoff); a process that dies mid-delivery leaves it to the next change after that.
 */
const claimMs = 120_000;
/** Between delivery attempts: 1 s, 4 s, 16 s. */
const deliveryBackoff = { firstMs: 1000, factor: 4, maxMs: 60_000 };

/**
 * Gazette's own WebSub hub. Subscriptions are kept in a JetStream KV bucket (they outlive restarts);
 * intent is verified with a challenge before a subscription counts; when the index changes, every
 * subscribed feed whose ETag changed is POSTed to its callback, signed with `X-Hub-Signature:
 * sha256=…` when the subscriber gave a secret, and retried with backoff.
 */
export class WebSubHub {
  readonly #kv: KV;
  readonly #readTopic: TopicReader;
  readonly #hubUrl: string;
  readonly #isOurTopic: (topic: string) => boolean;
  readonly #logger: Logger;
  readonly #outbound: Omit<OutboundPolicy, "maxBytes" | "timeoutMs">;
  readonly #limits: SubscriptionLimits;
  readonly #onDelivery: DeliveryListener;
  readonly #processId = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  #delivering: Promise<void> | undefined;
  #pending = false;
  #stopped = false;

  constructor(
    kv: KV,
    options: {
      hubUrl: string;
      readTopic: TopicReader;
      isOurTopic: (topic: string) => boolean;
      logger: Logger;
      outbound: Omit<OutboundPolicy, "maxBytes" | "timeoutMs">;
      limits: SubscriptionLimits;
      onDelivery?: DeliveryListener;
    },
  ) {
    this.#onDelivery = options.onDelivery ?? (() => {});
    this.#kv = kv;
    this.#outbound = options.outbound;
    this.#limits = options.limits;
    this.#hubUrl = options.hubUrl;
    this.#readTopic = options.readTopic;
    this.#isOurTopic = options.isOurTopic;
    this.#logger = options.logger.child({ component: "websub" });
  }

  /**
   * Validates a (un)subscription request and verifies intent in the background; 400 problems for bad
   * requests (a callback on a private address among them), 429 when the limits are reached.
   */
  async request(form: Record<string, unknown>): Promise<void> {
    const request = parseOrRefuse(SubscriptionRequestSchema, form, { root: "(body)" });
    if (!this.#isOurTopic(request["hub.topic"])) {
      throw invalidInput("VALIDATION_FAILED", [{ field: "hub.topic", message: "not one of this hub's feeds" }]);
    }
    const refusal = refusalOf(new URL(request["hub.callback"]), this.#outbound);
    if (refusal !== undefined) throw invalidInput("VALIDATION_FAILED", [{ field: "hub.callback", message: refusal }]);
    if (request["hub.mode"] === "subscribe")
      await this.#checkLimits(request["hub.callback"], subscriptionKey(request["hub.topic"], request["hub.callback"]));
    void this.#verifyIntent(request).catch((error: unknown) =>
      this.#logger.warn({ err: error, callback: request["hub.callback"] }, "verification of intent failed"),
    );
  }

  /** 429 when the callback's host, or the hub, holds as many subscriptions as it may (a renewal always passes). */
  async #checkLimits(callback: string, key: string): Promise<void> {
    const host = new URL(callback).host;
    // The key listing is read to its end first: reading entries while it runs ends it early.
    const keys: string[] = [];
    for await (const existing of await this.#kv.keys()) keys.push(existing);
    if (keys.includes(key)) return;
    const total = keys.length;
    let sameHost = 0;
    for (const existing of keys) {
      const entry = await this.#kv.get(existing);
      if (entry !== null && entry.operation === "PUT" && new URL(entry.json<Subscription>().callback).host === host)
        sameHost++;
    }
    const full =
      sameHost >= this.#limits.perCallbackHost
        ? `${host} has ${sameHost} subscriptions, the most one callback host may have`
        : total >= this.#limits.total
          ? `the hub holds ${total} subscriptions, the most it takes`
          : undefined;
    if (full !== undefined)
      throw new GazetteError("RATE_LIMITED", `${full}; unsubscribe some, or try again later.`, {
        headers: { "Retry-After": "3600" },
      });
  }

  async #verifyIntent(request: z.output<typeof SubscriptionRequestSchema>): Promise<void> {
    const mode = request["hub.mode"];
    const topic = request["hub.topic"];
    const callback = new URL(request["hub.callback"]);
    const challenge = randomBytes(16).toString("hex");
    const leaseSeconds = request["hub.lease_seconds"] ?? defaultLeaseSeconds;
    callback.searchParams.set("hub.mode", mode);
    callback.searchParams.set("hub.topic", topic);
    callback.searchParams.set("hub.challenge", challenge);
    if (mode === "subscribe") callback.searchParams.set("hub.lease_seconds", String(leaseSeconds));
    const response = await outboundRequest(
      callback,
      {},
      { ...this.#outbound, maxBytes: maxAnswerBytes, timeoutMs: 10_000 },
    );
    const echoed = response.body.toString("utf8");
    if (response.status < 200 || response.status >= 300 || echoed.trim() !== challenge) {
      this.#logger.info({ callback: request["hub.callback"], status: response.status }, "subscriber did not confirm");
      return;
    }
    const key = subscriptionKey(topic, request["hub.callback"]);
    if (mode === "unsubscribe") {
      await this.#kv.delete(key);
      this.#logger.info({ topic, callback: request["hub.callback"] }, "unsubscribed");
      return;
    }
    const current = await this.#readTopic(topic);
    const subscription: Subscription = {
      topic,
      callback: request["hub.callback"],
      expiresAt: Date.now() + leaseSeconds * 1000,
      ...(request["hub.secret"] === undefined ? {} : { secret: request["hub.secret"] }),
      ...(current === undefined ? {} : { deliveredEtag: current.etag }),
    };
    await this.#kv.put(key, JSON.stringify(subscription));
    this.#logger.info({ topic, callback: subscription.callback, leaseSeconds }, "subscribed");
  }

  /** The index changed: deliver every subscribed feed that changed (one round at a time; a change meanwhile runs another). */
  indexChanged(): void {
    if (this.#stopped) return;
    if (this.#delivering !== undefined) {
      this.#pending = true;
      return;
    }
    this.#delivering = this.#deliverAll()
      .catch((error: unknown) => this.#logger.warn({ err: error }, "websub delivery round failed"))
      .finally(() => {
        this.#delivering = undefined;
        if (this.#pending) {
          this.#pending = false;
          this.indexChanged();
        }
      });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#delivering;
  }

  async #deliverAll(): Promise<void> {
    const keys: string[] = [];
    for await (const key of await this.#kv.keys()) keys.push(key);
    await Promise.all(keys.map((key) => this.#deliver(key)));
  }

  async #deliver(key: string): Promise<void> {
    const entry = await this.#kv.get(key);
    if (entry === null || entry.operation !== "PUT") return;
    const subscription = entry.json<Subscription>();
    if (subscription.expiresAt <= Date.now()) {
      await this.#kv.delete(key);
      this.#logger.info({ topic: subscription.topic, callback: subscription.callback }, "lease expired");
      return;
    }
    const feed = await this.#readTopic(subscription.topic);
    if (feed === undefined || feed.etag === subscription.deliveredEtag) return;
    const { claim: _previous, ...unclaimed } = subscription;
    const revision = await this.#claim(key, entry.revision, subscription, feed.etag);
    if (revision === undefined) return;
    const outcome = await this.#post(subscription, feed);
    if (outcome === "gone") {
      await this.#kv.delete(key);
      return;
    }
    // Delivered: remember the ETag; otherwise release the claim, so the next change tries again.
    const settled = outcome === "delivered" ? { ...unclaimed, deliveredEtag: feed.etag } : unclaimed;
    await this.#kv.update(key, JSON.stringify(settled), revision).catch((error: unknown) => {
      // The subscription was renewed meanwhile: the renewal's state stands.
      if (!isCasConflict(error)) throw error;
    });
  }

  /**
   * Claims the delivery of `etag` for this process (compare-and-set on the entry as read), so that of
   * several feeds processes, each seeing the same change, exactly one delivers it. Another process's
   * claim that has not run out, or an entry changed since it was read, means someone else has it.
   */
  async #claim(key: string, revision: number, subscription: Subscription, etag: string): Promise<number | undefined> {
    if (subscription.claim !== undefined && subscription.claim.until > Date.now()) return undefined;
    const claim = { etag, until: Date.now() + claimMs, by: this.#processId };
    try {
      return await this.#kv.update(key, JSON.stringify({ ...subscription, claim }), revision);
    } catch (error) {
      if (isCasConflict(error)) return undefined;
      throw error;
    }
  }

  /** POSTs the feed to the subscriber, retrying with backoff; what became of it. */
  async #post(
    subscription: Subscription,
    feed: { body: Buffer; contentType: string; publishers?: readonly string[] },
  ): Promise<"delivered" | "gone" | "given_up" | "stopped"> {
    const publishers = feed.publishers ?? [];
    const headers: Record<string, string> = {
      "content-type": feed.contentType,
      link: `<${this.#hubUrl}>; rel="hub", <${subscription.topic}>; rel="self"`,
    };
    if (subscription.secret !== undefined) {
      const signature = createHmac("sha256", subscription.secret).update(feed.body).digest("hex");
      headers["x-hub-signature"] = `sha256=${signature}`;
    }
    const request = { method: "POST" as const, headers, body: feed.body };
    const policy = { ...this.#outbound, maxBytes: maxAnswerBytes, timeoutMs: 10_000 };
    for (let attempt = 1; attempt <= deliveryAttempts && !this.#stopped; attempt++) {
      try {
        const response = await outboundRequest(subscription.callback, request, policy);
        if (response.status === 410) {
          this.#onDelivery("gone", publishers);
          return "gone";
        }
        if (response.status >= 200 && response.status < 300) {
          this.#onDelivery("delivered", publishers);
          this.#logger.info({ topic: subscription.topic, callback: subscription.callback }, "content delivered");
          return "delivered";
        }
        this.#logger.warn({ callback: subscription.callback, status: response.status, attempt }, "delivery refused");
      } catch (error) {
        this.#logger.warn({ err: error, callback: subscription.callback, attempt }, "delivery failed");
      }
      if (attempt === deliveryAttempts) break;
      this.#onDelivery("retried", publishers);
      await sleep(backoffDelay(attempt, deliveryBackoff));
    }
    if (this.#stopped) return "stopped";
    this.#onDelivery("given_up", publishers);
    return "given_up";
  }
}

function subscriptionKey(topic: string, callback: string): string {
  return createHash("sha256").update(topic).update("\u0000").update(callback).digest("hex");
}
