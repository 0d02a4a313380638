import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * How long the edge in front (nginx's micro-cache, ADR 0025 and 0032) may keep an answer: until the end
 * of the current second, as `X-Accel-Expires: @<unix second>`. nginx keeps a copy whole seconds only
 * (its `proxy_cache_valid 1s` lives one to two seconds); the end of this second is the shortest life
 * it can give, so a new release reaches readers through the edge half a second sooner on average, and
 * feeds is still asked at most once a second per URL. Only proxied requests get it (the edge sends
 * X-Forwarded-For); nginx hides the header from clients and honours it over `proxy_cache_valid`.
 * It takes the feeds host's clock: a clock ahead of the edge's by n seconds keeps copies n seconds more.
 */
let second = -1;
let header = "";

export function edgeExpiryOf(nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  if (now !== second) {
    second = now;
    header = `@${now}`;
  }
  return header;
}

/** Sets the edge's expiry on the answer to a proxied request (before any route writes its headers). */
export function markEdgeExpiry(req: IncomingMessage, res: ServerResponse): void {
  if (req.headers["x-forwarded-for"] !== undefined) res.setHeader("x-accel-expires", edgeExpiryOf(Date.now()));
}
