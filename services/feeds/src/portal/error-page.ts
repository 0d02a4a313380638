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

/**
 * What an error means and what to do, said to a reader in Russian or Kazakh (an English page shows the
 * problem's own detail, which is English: the error catalogue's words, also what API clients read).
 */
const explanations: Record<Exclude<InterfaceLanguage, "en">, Record<number | "server" | "other", string>> = {
  ru: {
    400: "В адресе есть параметр, который портал не понимает. Проверьте ссылку или начните поиск заново.",
    404: "По этому адресу ничего нет: возможно, в ссылке опечатка или выпуск не публиковался.",
    429: "С вашего адреса пришло слишком много запросов. Подождите минуту и повторите.",
    503: "Поисковый индекс сейчас не отвечает. Повторите через минуту.",
    server: "Ошибка на нашей стороне; мы о ней узнаем из журнала. Повторите позже.",
    other: "Запрос в таком виде выполнить нельзя. Проверьте ссылку.",
  },
  kk: {
    400: "Мекенжайда портал түсінбейтін параметр бар. Сілтемені тексеріңіз немесе іздеуді қайта бастаңыз.",
    404: "Бұл мекенжайда бет жоқ: сілтемеде қате болуы мүмкін немесе релиз жарияланбаған.",
    429: "Сіздің мекенжайыңыздан сұраулар тым көп келді. Бір минут күтіп, қайталаңыз.",
    503: "Іздеу индексі қазір жауап бермейді. Бір минуттан кейін қайталаңыз.",
    server: "Қате біз жақта; ол туралы журналдан білеміз. Кейінірек қайталаңыз.",
    other: "Сұрауды бұл түрде орындау мүмкін емес. Сілтемені тексеріңіз.",
  },
};

/** The problem's detail, kept for support under a summary in the reader's language. */
const technicalDetail: Record<Exclude<InterfaceLanguage, "en">, string> = {
  ru: "Техническая подробность (на английском)",
  kk: "Техникалық мәлімет (ағылшынша)",
};

/** The explanation of an error in the reader's language. */
function explanation(frame: PageFrame, status: number, detail: string): string {
  if (frame.language === "en") return `<p lang="en">${e(detail)}</p>`;
  const texts = explanations[frame.language];
  const said = texts[status] ?? (status >= 500 ? texts.server : texts.other);
  // A 404's detail repeats the address; others may help whoever the reader asks for help.
  const kept =
    status === 404
      ? ""
      : `\n<details><summary>${e(technicalDetail[frame.language])}</summary><p lang="en">${e(detail)}</p></details>`;
  return `<p>${e(said)}</p>${kept}`;
}

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
${withdrawalText(frame, extensions) ?? explanation(frame, status, detail)}
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
    if (res.headersSent || !(error instanceof GazetteError)) return next(error);
    // HTML or problem+json by Accept, on the same URL: caches (the edge keeps 404s and 410s for a
    // second) must keep one of each, or a browser's page would be served to an API client.
    res.vary("Accept");
    if (req.accepts([problemContentType, "application/json", "text/html"]) !== "text/html") return next(error);
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
