/**
 * The portal: HTML pages for readers (search, releases, report, errors) in their language.
 */
export { browserErrorPages } from "./error-page.ts";
export { interfaceLanguages, interfaceText, languageName } from "./interface-language.ts";
export type { InterfaceLanguage } from "./interface-language.ts";
export { pageRoutes } from "./page-routes.ts";
export { reportRoutes } from "./report-routes.ts";
