import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * How long the edge in front (nginx's micro-cache, ADR 0025 and 0032) may keep an answer, as
 * `X-Accel-Expires: @<unix second>` (fresh while nginx's clock is at that second or before):
 * - to the end of the current second: nginx keeps copies in whole seconds (`proxy_cache_valid 1s`
 *   lives one to two), and this is the shortest life it can give;
 * - not into a change feeds was told of and readers do not see yet (the indexer announced a write that
 *   is visible by `pendingUntilMs`): until then a copy is stale at once, so the edge asks feeds again
 *   (one request at a time per URL: the others get the copy it has) and passes the change on as soon
 *   as feeds has it.
 * nginx honours the header over `proxy_cache_valid` and hides it from clients. It takes the feeds
 * host's clock: a clock ahead of the edge's by n seconds keeps copies n seconds more.
 */
export function edgeExpiryOf(nowMs: number, pendingUntilMs = 0): string {
  const second = Math.floor(nowMs / 1000);
  return `@${pendingUntilMs > nowMs ? Math.min(second, Math.floor(pendingUntilMs / 1000) - 1) : second}`;
}

/** The edge's expiry of answers to proxied requests (they carry X-Forwarded-For; nobody else needs it). */
export class EdgeExpiry {
  #pendingUntilMs = 0;

  /** The indexer announced a write readers see by this instant (ms since the epoch). */
  changePending(visibleByMs: number): void {
    this.#pendingUntilMs = Math.max(this.#pendingUntilMs, visibleByMs);
  }

  /** Sets the expiry on the answer to a proxied request (before any route writes its headers). */
  mark(req: IncomingMessage, res: ServerResponse): void {
    if (req.headers["x-forwarded-for"] !== undefined)
      res.setHeader("x-accel-expires", edgeExpiryOf(Date.now(), this.#pendingUntilMs));
  }
}
