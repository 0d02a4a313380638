/**
 * The public HTTP edge: request parameters, rate limits, security headers and CORS.
 */
export { publicCors, publicReadCorsHeaders } from "./public-cors.ts";
export { clientRateLimit, pageSecurityHeaders, withinLimit } from "./public-limits.ts";
export {
  ChangesParamsSchema,
  FeedParamsSchema,
  ReleaseParamsSchema,
  SearchParamsSchema,
  SuggestParamsSchema,
  canonicalFeedQuery,
  encodeCursor,
  parseQuery,
} from "./request-params.ts";
export type { FeedParams, SearchRequestParams } from "./request-params.ts";
