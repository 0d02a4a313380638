/**
 * The JSON API (`/v1/…`) and its OpenAPI document.
 */
export { apiRoutes } from "./api-routes.ts";
export { feedsOpenApiDocument } from "./openapi.ts";
export { publisherRoutes } from "./publisher-routes.ts";
