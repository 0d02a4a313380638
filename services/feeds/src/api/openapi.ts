import { z } from "zod";
import { feedRoutePatterns } from "../feeds/index.ts";
import {
  ChangesParamsSchema,
  FeedParamsSchema,
  ReleaseParamsSchema,
  SearchParamsSchema,
  SuggestParamsSchema,
} from "../http/index.ts";

/*
 * GET /openapi.json of feeds (issue 30): an OpenAPI 3.1 document of every public machine-readable
 * route, its query parameters generated from the zod schemas feeds validate with. test/openapi-routes
 * checks that every route feeds (and ingest) serve is in a document, or named as a page for people.
 */

/** A zod object schema's fields as OpenAPI query parameters (as a client sends them). */
function queryParameters(schema: z.ZodType): object[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, { description?: string } & Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...schemaOfParameter } = property;
    return {
      name,
      in: "query",
      required: (json.required ?? []).includes(name),
      schema: schemaOfParameter,
      ...(description === undefined ? {} : { description }),
    };
  });
}

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});
const errors = {
  "400": problem("A parameter is not valid: `errors` names each."),
  "429": problem("Too many requests from this address: wait `Retry-After` seconds."),
  "503": problem("The index is unavailable or being rebuilt: retry after `Retry-After` seconds."),
};
const ok = (description: string, contentType: string, schema: object = { type: "object" }) => ({
  "200": { description, content: { [contentType]: { schema } } },
});
const get = (operationId: string, summary: string, responses: object, parameters: object[] = []) => ({
  get: { operationId, summary, ...(parameters.length === 0 ? {} : { parameters }), responses },
});
const pathParameter = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  schema: { type: "string", minLength: 1 },
  description,
});

const feedContentTypes: Record<string, string> = {
  "rss.xml": "application/rss+xml",
  "atom.xml": "application/atom+xml",
  "feed.json": "application/feed+json",
  "ninjs.json": "application/json",
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
  ninjs: "application/json",
};

/** `/publishers/:value/feed.rss` → `/publishers/{value}/feed.rss`, with its path parameter. */
function feedPaths(): Record<string, object> {
  const paths: Record<string, object> = {};
  for (const pattern of feedRoutePatterns) {
    const path = pattern.replace(":value", "{value}");
    const contentType =
      feedContentTypes[pattern.split(/[/.]/).at(-1)!] ?? feedContentTypes[pattern.split("/").at(-1)!]!;
    const operationId = `feed${path.replaceAll(/[^A-Za-z0-9]+/g, "_")}`;
    const parameters = [
      ...(path.includes("{value}") ? [pathParameter("value", "The ministry's id, the tag, or the language tag.")] : []),
      ...queryParameters(FeedParamsSchema),
    ];
    paths[path] = get(
      operationId,
      "The 50 newest releases matching the filters, newest first (RFC 5005 paging with `before`); conditional GET",
      {
        ...ok("The feed.", contentType, { type: "string" }),
        "304": { description: "Not modified (If-None-Match, If-Modified-Since)." },
        "404": problem("A ministry nobody knows."),
        ...errors,
      },
      parameters,
    );
  }
  return paths;
}

/** The JSON API and the ministries' list. */
const apiPaths = {
  "/v1/search": get(
    "search",
    "Search releases (or, without q, list what the filters select, newest first), with facets and a cursor",
    { ...ok("Hits, facets, total, nextCursor.", "application/json"), ...errors },
    queryParameters(SearchParamsSchema),
  ),
  "/v1/changes": get(
    "listChanges",
    "Every change (published, updated, withdrawn) in the order it became visible; follow nextCursor for ever",
    { ...ok("Changes and nextCursor.", "application/json"), ...errors },
    queryParameters(ChangesParamsSchema),
  ),
  "/v1/suggest": get(
    "suggestTitles",
    "Titles completing what was typed",
    { ...ok("Suggestions.", "application/json"), ...errors },
    queryParameters(SuggestParamsSchema),
  ),
  "/v1/releases/{id}": get(
    "getRelease",
    "A release in full (JSON, or IPTC ninjs with Accept: application/ninjs+json or ?format=ninjs)",
    {
      ...ok("The release.", "application/json"),
      "404": problem("No such published release."),
      "410": problem("Withdrawn by its publisher: `withdrawnAt`, `withdrawalReason`."),
      ...errors,
    },
    [pathParameter("id", "Gazette's id of the release."), ...queryParameters(ReleaseParamsSchema)],
  ),
  "/v1/publishers": get("listPublishers", "Every ministry: names, counts by language, feeds", {
    ...ok("The ministries.", "application/json"),
    ...errors,
  }),
  "/feeds/publishers.opml": get("publishersOpml", "OPML 2.0 of the ministries' feeds", {
    ...ok("OPML.", "text/x-opml", { type: "string" }),
  }),
};

/** What crawlers, browsers and clients read to find the rest. */
const discoveryPaths = {
  "/opensearch.xml": get("openSearchDescription", "OpenSearch 1.1 description", {
    ...ok("The description.", "application/opensearchdescription+xml", { type: "string" }),
  }),
  "/sitemap.xml": get("sitemapIndex", "Sitemap index", { ...ok("Sitemap index.", "application/xml") }),
  "/sitemap-pages.xml": get("sitemapPages", "Sitemap of the home and ministries' pages", {
    ...ok("Sitemap.", "application/xml"),
  }),
  "/sitemap-{month}.xml": get(
    "sitemapMonth",
    "Sitemap of a month's release pages (`2026-12`, then `2026-12-2`, … past 50,000)",
    { ...ok("Sitemap.", "application/xml"), "404": problem("No releases that month.") },
    [pathParameter("month", "`yyyy-MM`, or `yyyy-MM-n` for its n-th file.")],
  ),
  "/robots.txt": get("robots", "robots.txt naming the sitemap", { ...ok("robots.txt.", "text/plain") }),
  "/openapi.json": get("openApi", "This document", { ...ok("OpenAPI 3.1.", "application/json") }),
};

/** The OpenAPI 3.1 document of feeds' public routes for machines. */
export function feedsOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Gazette feeds: feeds, search and release data for aggregators and portals",
      version: "1.0.0",
      description:
        "Public and keyless; every JSON answer and feed may be read from any origin (CORS). Errors are RFC 9457 application/problem+json with a stable `code`.",
    },
    components: {
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "detail", "code"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            code: { type: "string" },
            instance: { type: "string" },
          },
        },
      },
    },
    paths: {
      ...feedPaths(),
      ...apiPaths,
      ...discoveryPaths,
      "/websub/hub": {
        post: {
          operationId: "websubHub",
          summary: "WebSub hub: subscribe or unsubscribe a callback to a feed (W3C WebSub)",
          requestBody: {
            required: true,
            content: {
              "application/x-www-form-urlencoded": {
                schema: {
                  type: "object",
                  required: ["hub.mode", "hub.topic", "hub.callback"],
                  properties: {
                    "hub.mode": { enum: ["subscribe", "unsubscribe"] },
                    "hub.topic": { type: "string", format: "uri" },
                    "hub.callback": { type: "string", format: "uri" },
                    "hub.secret": { type: "string" },
                    "hub.lease_seconds": { type: "string" },
                  },
                },
              },
            },
          },
          responses: { "202": { description: "Accepted: intent is verified next." }, ...errors },
        },
      },
    },
  };
}
