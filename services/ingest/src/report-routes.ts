import { type RequestHandler, Router } from "express";
import type { KV } from "@nats-io/kv";
import { z } from "zod";
import { parseOrRefuse, readDeliveryReport, reportDay } from "@gazette/shared";
import { publisherOf } from "./publishers/index.ts";

/** Days a report covers by default, and at most. */
const defaultDays = 30;
const maxDays = 366;

/** `from` and `to`: UTC days, inclusive; by default the last 30 days up to today. */
export const ReportParamsSchema = z
  .strictObject({
    from: z.iso.date({ error: "must be a day, such as 2026-11-01" }).optional(),
    to: z.iso.date({ error: "must be a day, such as 2026-11-30" }).optional(),
  })
  .transform(({ from, to }) => {
    const end = to ?? reportDay(new Date());
    const start = from ?? reportDay(new Date(Date.parse(`${end}T00:00:00Z`) - (defaultDays - 1) * 86_400_000));
    return { from: start, to: end };
  })
  .refine(({ from, to }) => from <= to, { message: "from must not be after to", path: ["from"] })
  .refine(({ from, to }) => (Date.parse(to) - Date.parse(from)) / 86_400_000 < maxDays, {
    message: `a report covers at most ${maxDays} days`,
    path: ["to"],
  });

/** `GET /v1/report`: the caller's delivery report (ADR 0017), with its own key only. */
export function reportRoutes(reports: KV, authenticate: RequestHandler): Router {
  const router = Router();
  router.get("/v1/report", authenticate, async (req, res) => {
    const { from, to } = parseOrRefuse(ReportParamsSchema, req.query, {
      code: "BAD_QUERY_PARAMETER",
      root: "(query)",
      noun: "parameter",
    });
    res.set("cache-control", "no-store");
    res.json(await readDeliveryReport(reports, publisherOf(res).id, from, to));
  });
  return router;
}
