import escapeHtml from "escape-html";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { GazetteError, problemContentType } from "@gazette/shared";

const headings: Record<number, string> = {
  400: "This address is not quite right",
  404: "Nothing here",
  429: "Too many requests",
  503: "Search is unavailable for a moment",
};

/** A small HTML page for an error, for people in a browser (the same status and detail as the problem document). */
export function renderErrorPage(status: number, detail: string, publicBaseUrl: string): string {
  const heading =
    headings[status] ?? (status >= 500 ? "Something went wrong on our side" : "This request cannot be answered");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status}: ${escapeHtml(heading)} · Gazette</title>
</head>
<body>
<main>
<h1>${escapeHtml(heading)}</h1>
<p>${escapeHtml(detail)}</p>
<p><a href="${escapeHtml(`${publicBaseUrl}/`)}">Search official press releases</a></p>
</main>
</body>
</html>
`;
}

/**
 * Browsers (that prefer HTML to JSON) get an HTML page for an error; API clients keep RFC 9457
 * problem+json from the shared handler that follows. Status and headers (Retry-After) are the same.
 */
export function browserErrorPages(publicBaseUrl: string, pageHeaders: RequestHandler): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (
      res.headersSent ||
      !(error instanceof GazetteError) ||
      req.accepts([problemContentType, "application/json", "text/html"]) !== "text/html"
    )
      return next(error);
    pageHeaders(req, res, () => {
      res
        .status(error.status)
        .set(error.headers)
        .type("text/html; charset=utf-8")
        .send(renderErrorPage(error.status, error.message, publicBaseUrl));
    });
  };
}
