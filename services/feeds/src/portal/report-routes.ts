import express, { type Request, type RequestHandler, Router } from "express";
import type { DeliveryReport } from "@gazette/shared";
import { interfaceLanguageOf, interfaceText } from "./interface-language.ts";
import type { PageFrame } from "./page-layout.ts";
import { pageSecurityHeaders, withinLimit } from "../http/index.ts";
import { renderReportPage } from "./report-page.ts";

const html = "text/html; charset=utf-8";
const day = /^\d{4}-\d{2}-\d{2}$/;

function frameOf(req: Request, publicBaseUrl: string): PageFrame {
  const { language, explicit } = interfaceLanguageOf(
    (req.query as Record<string, unknown>)["hl"],
    req.get("accept-language"),
  );
  return { language, explicit, publicBaseUrl, path: "/report", query: {} };
}

/**
 * The portal's delivery report page (ADR 0017): `GET /report` shows the form; `POST /report` (the
 * key in the form body, never in a URL) asks ingest's `GET /v1/report` with that key and shows the
 * answer. Keys are checked by ingest alone. No page is cached anywhere (`no-store`).
 */
export function reportRoutes(deps: { ingestUrl: string; publicBaseUrl: string; readLimit: RequestHandler }): Router {
  const router = Router();
  const noStore: RequestHandler = (_req, res, next) => {
    res.set("cache-control", "no-store");
    next();
  };
  router.get("/report", pageSecurityHeaders, noStore, (req, res) => {
    res.type(html).send(renderReportPage(frameOf(req, deps.publicBaseUrl)));
  });
  router.post(
    "/report",
    pageSecurityHeaders,
    noStore,
    express.urlencoded({ extended: false, limit: "4kb", parameterLimit: 10 }),
    async (req, res) => {
      await withinLimit(deps.readLimit, req, res);
      const frame = frameOf(req, deps.publicBaseUrl);
      const form = (req.body ?? {}) as Record<string, unknown>;
      const pick = (name: string) => (typeof form[name] === "string" && day.test(form[name]) ? form[name] : undefined);
      const period = { from: pick("from"), to: pick("to") };
      const key = typeof form["key"] === "string" ? form["key"].trim() : "";
      const answer = await askIngest(deps.ingestUrl, key, period);
      const text = interfaceText[frame.language].report;
      if ("report" in answer) {
        res.type(html).send(renderReportPage(frame, { report: answer.report, period }));
        return;
      }
      const message = answer.status === 401 ? text.badKey : (answer.detail ?? text.unavailable);
      res.status(answer.status).type(html).send(renderReportPage(frame, { message, period }));
    },
  );
  return router;
}

/** Ingest's answer for this key and period: the report, or a status and what to tell the reader. */
async function askIngest(
  ingestUrl: string,
  key: string,
  period: { from?: string; to?: string },
): Promise<{ report: DeliveryReport } | { status: number; detail?: string }> {
  if (key === "") return { status: 401 };
  const query = new URLSearchParams(
    Object.entries(period).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  try {
    const response = await fetch(`${ingestUrl}/v1/report?${query}`, {
      headers: { authorization: `Bearer ${key}`, accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.ok) return { report: (await response.json()) as DeliveryReport };
    if (response.status === 401 || response.status === 403) return { status: 401 };
    if (response.status === 400)
      return { status: 400, detail: ((await response.json()) as { detail?: string }).detail ?? "" };
    return { status: 503 };
  } catch {
    return { status: 503 };
  }
}
