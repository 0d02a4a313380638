/**
 * WebSub on the way in (W3C WebSub, as a subscriber): an upstream that advertises a hub (a
 * `Link: <…>; rel="hub"` header, or `<atom:link rel="hub">` in the feed, as WordPress sites with the
 * WebSub plugin do) is subscribed to, so its changes arrive at once; polling goes on as a slow
 * backstop. The pure parts live here; the poller drives them.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { outboundRequest, type Logger, type OutboundPolicy } from "@gazette/shared";
import type { UpstreamFeed } from "./feeds-file.ts";
import { upstreamKey, type UpstreamStateStore, type UpstreamSubscription } from "./state.ts";

/** The hub and self URLs of an HTTP `Link` header (RFC 8288), if it names a hub. */
export function hubOfLinkHeader(header: string | null): { hub: string; self?: string } | undefined {
  if (header === null) return undefined;
  const links = [...header.matchAll(/<([^>]+)>\s*((?:;\s*[^;,]+)*)/g)].map(([, url, params]) => ({
    url: url!,
    rels:
      /rel\s*=\s*"?([^";,]+)"?/i
        .exec(params ?? "")?.[1]
        ?.toLowerCase()
        .split(/\s+/) ?? [],
  }));
  const hub = links.find((link) => link.rels.includes("hub"))?.url;
  if (hub === undefined) return undefined;
  const self = links.find((link) => link.rels.includes("self"))?.url;
  return { hub, ...(self === undefined ? {} : { self }) };
}

/** Whether a notification's `X-Hub-Signature` (`sha1=`, `sha256=`, `sha384=` or `sha512=` hex HMAC of the body) is right. */
export function signatureIsValid(secret: string, body: Uint8Array, header: string | undefined): boolean {
  const match = /^(sha1|sha256|sha384|sha512)=([0-9a-f]+)$/i.exec(header?.trim() ?? "");
  if (match === null) return false;
  const expected = createHmac(match[1]!.toLowerCase(), secret).update(body).digest();
  const given = Buffer.from(match[2]!, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** How long before a verified lease ends it is renewed, and how long a request may stay unanswered. */
const renewBeforeMs = 24 * 3600_000;
const retryAfterMs = 3600_000;

/** Whether to (re)subscribe: nothing yet, another hub or topic, a lease near its end, a request long unanswered or failed. */
export function needsSubscription(
  current: UpstreamSubscription | undefined,
  hub: string,
  topic: string,
  now: number,
): boolean {
  if (current === undefined || current.hub !== hub || current.topic !== topic) return true;
  if (current.status === "verified")
    return current.expiresAt === undefined || Date.parse(current.expiresAt) - now < renewBeforeMs;
  return now - Date.parse(current.requestedAt) > retryAfterMs;
}

/** Asks the hub for a subscription (it then verifies our intent at the callback); the subscription as requested. */
export async function requestSubscription(
  hub: string,
  topic: string,
  callback: string,
  outbound: Omit<OutboundPolicy, "maxBytes" | "timeoutMs">,
  timeoutMs: number,
): Promise<UpstreamSubscription> {
  const secret = randomBytes(24).toString("hex");
  const requestedAt = new Date().toISOString();
  const form = new URLSearchParams({
    "hub.mode": "subscribe",
    "hub.topic": topic,
    "hub.callback": callback,
    "hub.secret": secret,
    "hub.lease_seconds": String(10 * 86_400),
  });
  try {
    // The hub's address comes from the upstream's content: it goes through the guarded client (ADR 0006).
    const response = await outboundRequest(
      hub,
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() },
      { ...outbound, maxBytes: 64 * 1024, timeoutMs },
    );
    if (response.status >= 200 && response.status < 300)
      return { hub, topic, secret, status: "requested", requestedAt };
    return { hub, topic, secret, status: "failed", requestedAt, error: `the hub answered HTTP ${response.status}` };
  } catch (error) {
    return {
      hub,
      topic,
      secret,
      status: "failed",
      requestedAt,
      error: `the hub did not answer: ${(error as Error).message}`,
    };
  }
}

/** Whether a subscription is verified and its lease runs: the hub pushes changes, polling is the backstop. */
export function liveSubscription(subscription: UpstreamSubscription | undefined, now: number): boolean {
  return (
    subscription?.status === "verified" &&
    subscription.expiresAt !== undefined &&
    Date.parse(subscription.expiresAt) > now
  );
}

/** The callback a hub calls for this upstream (`<base>/websub/upstreams/<key>`). */
export function callbackOf(callbackBase: string, feedUrl: string): string {
  return `${callbackBase}/websub/upstreams/${upstreamKey(feedUrl)}`;
}

/** How this ingest subscribes: where hubs reach it (none: it does not), which addresses hubs may have. */
export interface Subscriber {
  callbackBase: string | undefined;
  outbound: Omit<OutboundPolicy, "maxBytes" | "timeoutMs">;
  timeoutMs: number;
  store: UpstreamStateStore;
}

/**
 * Subscribes to the hub a poll discovered unless the current subscription already covers it; the
 * subscription in effect afterwards (as stored, or as just requested).
 */
export async function ensureSubscription(
  poll: {
    feed: UpstreamFeed;
    discovered: { hub: string; self?: string } | undefined;
    current: UpstreamSubscription | undefined;
    log: Logger;
  },
  subscriber: Subscriber,
): Promise<UpstreamSubscription | undefined> {
  const { feed, discovered, current, log } = poll;
  if (discovered === undefined || subscriber.callbackBase === undefined) return current;
  const topic = discovered.self ?? feed.url;
  if (!needsSubscription(current, discovered.hub, topic, Date.now())) return current;
  const callback = callbackOf(subscriber.callbackBase, feed.url);
  const subscription = await requestSubscription(
    discovered.hub,
    topic,
    callback,
    subscriber.outbound,
    subscriber.timeoutMs,
  );
  await subscriber.store.patch(feed.url, () => ({ websub: subscription }));
  if (subscription.status === "failed")
    log.warn({ hub: discovered.hub, reason: subscription.error }, "upstream hub subscription failed: polling goes on");
  else log.info({ hub: discovered.hub, topic }, "upstream hub subscription requested");
  return subscription;
}
