/**
 * The callbacks upstream hubs call (WebSub, as a subscriber): the verification of our intent (GET) and
 * the notification that carries the feed's new content (POST), taken in at once through the same
 * parse and push path as a poll. A notification whose signature does not match the subscription's
 * secret is ignored (and still answered 2xx, as WebSub asks).
 */
import type { Logger } from "@gazette/shared";
import type { UpstreamFeed } from "./feeds-file.ts";
import type { PollReport, UpstreamPoller } from "./poller.ts";
import { upstreamKey, type UpstreamStateStore } from "./state.ts";
import { signatureIsValid } from "./websub.ts";

/** What ingest's routes call for `/websub/upstreams/:key`. */
export interface UpstreamHubCallbacks {
  verifyIntent(key: string, query: Record<string, unknown>): Promise<string | undefined>;
  receiveNotification(
    key: string,
    body: Uint8Array,
    contentType: string | null,
    signature: string | undefined,
  ): Promise<"accepted" | "ignored" | "unknown">;
}

export class UpstreamHubEndpoint implements UpstreamHubCallbacks {
  readonly #feeds: Map<string, UpstreamFeed>;
  readonly #store: UpstreamStateStore;
  readonly #poller: UpstreamPoller;
  readonly #logger: Logger;

  constructor(options: { feeds: readonly UpstreamFeed[]; poller: UpstreamPoller; logger: Logger }) {
    this.#feeds = new Map(options.feeds.map((feed) => [upstreamKey(feed.url), feed]));
    this.#poller = options.poller;
    this.#store = options.poller.store;
    this.#logger = options.logger;
  }

  /**
   * A hub's verification of intent (GET on the callback): the challenge when it asks for the topic we
   * requested, and the lease it grants; undefined (404) for anything else.
   */
  async verifyIntent(key: string, query: Record<string, unknown>): Promise<string | undefined> {
    const feed = this.#feeds.get(key);
    const subscription = feed === undefined ? undefined : (await this.#store.get(feed.url))?.websub;
    if (feed === undefined || subscription === undefined || query["hub.topic"] !== subscription.topic) return undefined;
    const mode = query["hub.mode"];
    if (mode === "denied") {
      await this.#store.patch(feed.url, (state) => ({
        websub: {
          ...subscription,
          ...state.websub,
          status: "failed",
          error: `the hub denied it: ${String(query["hub.reason"] ?? "no reason given")}`,
        },
      }));
      return "";
    }
    if (mode !== "subscribe" || typeof query["hub.challenge"] !== "string") return undefined;
    const leaseSeconds = Number(query["hub.lease_seconds"]);
    const expiresAt = new Date(
      Date.now() + (Number.isFinite(leaseSeconds) && leaseSeconds > 0 ? leaseSeconds : 10 * 86_400) * 1000,
    ).toISOString();
    await this.#store.patch(feed.url, (state) => ({
      websub: { ...subscription, ...state.websub, status: "verified", expiresAt },
    }));
    this.#logger.info({ upstream: feed.url, expiresAt }, "upstream hub subscription verified");
    return query["hub.challenge"];
  }

  /** A hub's notification (POST on the callback): the feed's new content, taken in as a poll's would be. */
  async receiveNotification(
    key: string,
    body: Uint8Array,
    contentType: string | null,
    signature: string | undefined,
  ): Promise<"accepted" | "ignored" | "unknown"> {
    const feed = this.#feeds.get(key);
    const subscription = feed === undefined ? undefined : (await this.#store.get(feed.url))?.websub;
    if (feed === undefined || subscription === undefined) return "unknown";
    const log = this.#logger.child({ upstream: feed.url, publisher: feed.publisher, via: "websub" });
    if (!signatureIsValid(subscription.secret, body, signature)) {
      log.warn("upstream hub notification with a missing or wrong signature: ignored");
      return "ignored";
    }
    const report: PollReport = { outcome: "fetched", submitted: 0, unchanged: 0, skipped: [] };
    const parsed = await this.#poller.takeIn(feed, body, contentType, report, log);
    if (!parsed.ok) {
      log.warn({ reason: parsed.error }, "upstream hub notification not readable: ignored");
      return "ignored";
    }
    log.info(
      { submitted: report.submitted, unchanged: report.unchanged, skipped: report.skipped.length },
      "upstream hub notification taken in",
    );
    this.#poller.tell(feed, "websub", report);
    return "accepted";
  }
}
