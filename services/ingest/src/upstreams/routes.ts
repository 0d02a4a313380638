import express, { type RequestHandler, Router } from "express";
import { GazetteError } from "@gazette/shared";
import { publisherOf } from "../publishers/index.ts";
import type { UpstreamHubCallbacks } from "./hub-callbacks.ts";

export interface UpstreamRoutesOptions {
  /** The report of a publisher's upstream feeds. */
  upstreams: (publisher: string) => Promise<unknown[]>;
  authenticate: RequestHandler;
  /** Where upstream hubs' verifications and notifications go; none: no callbacks are served. */
  upstreamHub: UpstreamHubCallbacks | undefined;
  /** Largest notification body a hub may send (as for a poll). */
  maxUpstreamBytes: number;
}

/** The pull adapter's surfaces: a publisher's report of its upstream feeds, and upstream hubs' WebSub callbacks. */
export function upstreamRoutes({
  upstreams,
  authenticate,
  upstreamHub,
  maxUpstreamBytes,
}: UpstreamRoutesOptions): Router {
  const router = Router();
  // The pull adapter's report: the caller's own upstream feeds, their last poll and what it found.
  router.get("/v1/upstreams", authenticate, async (_req, res) => {
    res.json({ upstreams: await upstreams(publisherOf(res).id) });
  });

  // WebSub callbacks of upstream hubs: no key (the hub is not a publisher); the notification's HMAC
  // signature with the subscription's secret is what is checked.
  if (upstreamHub !== undefined) {
    router.get("/websub/upstreams/:key", async (req, res) => {
      const challenge = await upstreamHub.verifyIntent(String(req.params["key"]), req.query as Record<string, unknown>);
      if (challenge === undefined)
        throw new GazetteError("NOT_FOUND", "No subscription of this ingest matches this verification.");
      res.status(200).type("text/plain").send(challenge);
    });
    router.post(
      "/websub/upstreams/:key",
      express.raw({ type: () => true, limit: maxUpstreamBytes }),
      async (req, res) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const outcome = await upstreamHub.receiveNotification(
          String(req.params["key"]),
          body,
          req.get("content-type") ?? null,
          req.get("x-hub-signature"),
        );
        if (outcome === "unknown")
          throw new GazetteError("NOT_FOUND", "No subscription of this ingest has this callback.");
        res.status(202).end();
      },
    );
  }

  return router;
}
