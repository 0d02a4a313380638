import express, { type RequestHandler, Router } from "express";
import { GazetteError } from "@gazette/shared";
import type { WebSubHub } from "./websub-hub.ts";

/** WebSub: subscribers (un)subscribe here; intent is verified before anything counts (202 now, the check later). */
export function websubRoutes(hub: WebSubHub, hubLimit: RequestHandler): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: "16kb" });
  router.post("/websub/hub", hubLimit, form, async (req, res) => {
    if (!req.is("application/x-www-form-urlencoded")) {
      throw new GazetteError("UNSUPPORTED_MEDIA_TYPE", "Send the subscription as application/x-www-form-urlencoded.");
    }
    await hub.request((req.body ?? {}) as Record<string, unknown>);
    res.status(202).type("text/plain").send("Accepted: the hub will verify the intent with your callback.");
  });
  return router;
}
