import { Router } from "express";

/** A named readiness check: resolves true when the dependency answers. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

/**
 * `/healthz`: the process is alive. `/readyz`: every dependency answers (200) or not (503), with the
 * state of each one, so an operator sees which one is down.
 */
export function healthRoutes(checks: readonly ReadinessCheck[]): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => [name, await check().catch(() => false)] as const),
    );
    const ready = results.every(([, ok]) => ok);
    res.status(ready ? 200 : 503).json({
      status: ready ? "ready" : "not ready",
      checks: Object.fromEntries(results.map(([name, ok]) => [name, ok ? "up" : "down"])),
    });
  });
  return router;
}
