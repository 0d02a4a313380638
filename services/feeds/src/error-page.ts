import type { ErrorRequestHandler, RequestHandler } from "express";
import { GazetteError, problemContentType } from "@gazette/shared";
import { interfaceLanguageOf, readableDate, type InterfaceLanguage } from "./interface-language.ts";
import { e, renderPage, searchForm, type PageFrame } from "./page-layout.ts";

const headings: Record<InterfaceLanguage, Record<number | "server" | "other", string>> = {
  en: {
    400: "This address is not quite right",
    404: "Nothing here",
    410: "Withdrawn by its publisher",
    429: "Too many requests",
    503: "Search is unavailable for a moment",
    server: "Something went wrong on our side",
    other: "This request cannot be answered",
  },
  ru: {
    400: "Адрес указан не совсем верно",
    404: "Здесь ничего нет",
    410: "Выпуск отозван ведомством",
    429: "Слишком много запросов",
    503: "Поиск ненадолго недоступен",
    server: "Что-то пошло не так на нашей стороне",
    other: "На этот запрос нельзя ответить",
  },
  kk: {
    400: "Мекенжай дұрыс көрсетілмеген",
    404: "Мұнда ештеңе жоқ",
    410: "Хабарламаны ведомство кері қайтарып алды",
    429: "Сұраулар тым көп",
    503: "Іздеу біраз уақытқа қолжетімсіз",
    server: "Біз жақта бірдеңе дұрыс болмады",
    other: "Бұл сұрауға жауап беру мүмкін емес",
  },
};

/** What a 404 means, said to a reader in Russian or Kazakh (an English page shows the problem's own detail). */
const notHere: Record<InterfaceLanguage, string> = {
  en: "There is no page at this address: the link may be mistyped, or the release was never published.",
  ru: "По этому адресу ничего нет: возможно, в ссылке опечатка или выпуск не публиковался.",
  kk: "Бұл мекенжайда бет жоқ: сілтемеде қате болуы мүмкін немесе релиз жарияланбаған.",
};

const withdrawnOn: Record<InterfaceLanguage, (date: string) => string> = {
  en: (date) => `Withdrawn on ${date}. The publisher's reason:`,
  // «6 декабря 2026 г.» ends in a full stop already: the date comes after a colon, and no second stop follows.
  ru: (date) => `Дата отзыва: ${date}<br>Причина, указанная ведомством:`,
  kk: (date) => `${date} кері қайтарылды. Ведомство көрсеткен себеп:`,
};

/** A withdrawn release's page: when, in the reader's language, and why, in the publisher's. */
function withdrawalText(frame: PageFrame, extensions: Record<string, unknown>): string | undefined {
  const at = extensions["withdrawnAt"];
  if (typeof at !== "string") return undefined;
  const reason = extensions["withdrawalReason"];
  const language = typeof extensions["language"] === "string" ? extensions["language"] : undefined;
  const when = `<time datetime="${e(at)}">${e(readableDate(at, frame.language))}</time>`;
  return `<p>${withdrawnOn[frame.language](when)}</p>
${typeof reason === "string" ? `<blockquote${language === undefined ? "" : ` lang="${e(language)}"`}>${e(reason)}</blockquote>` : ""}`;
}

/** A small HTML page for an error, for people in a browser (the same status and detail as the problem document). */
export function renderErrorPage(
  frame: PageFrame,
  status: number,
  detail: string,
  extensions: Record<string, unknown> = {},
): string {
  const texts = headings[frame.language];
  const heading = texts[status] ?? (status >= 500 ? texts.server : texts.other);
  const main = `<h1>${e(heading)}</h1>
${withdrawalText(frame, extensions) ?? (status === 404 && frame.language !== "en" ? `<p>${e(notHere[frame.language])}</p>` : `<p lang="en">${e(detail)}</p>`)}
${searchForm(frame)}`;
  return renderPage(frame, { title: `${status}: ${heading} · Gazette`, main });
}

/**
 * Browsers (that prefer HTML to JSON) get an HTML page for an error, in their language; API clients
 * keep RFC 9457 problem+json from the shared handler that follows. Status and headers (Retry-After)
 * are the same.
 */
export function browserErrorPages(publicBaseUrl: string, pageHeaders: RequestHandler): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (
      res.headersSent ||
      !(error instanceof GazetteError) ||
      req.accepts([problemContentType, "application/json", "text/html"]) !== "text/html"
    )
      return next(error);
    const hl = (req.query as Record<string, unknown> | undefined)?.["hl"];
    const { language, explicit } = interfaceLanguageOf(hl, req.get("accept-language"));
    const frame: PageFrame = { language, explicit, publicBaseUrl, path: "/", query: {} };
    pageHeaders(req, res, () => {
      res
        .status(error.status)
        .set(error.headers)
        .type("text/html; charset=utf-8")
        .send(renderErrorPage(frame, error.status, error.message, error.extensions));
    });
  };
}
