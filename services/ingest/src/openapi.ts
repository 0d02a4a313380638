import { z } from "zod";
import { ReleaseInputSchema } from "@gazette/shared";
import {
  BatchRequestSchema,
  BatchResponseSchema,
  ProblemSchema,
  ReleaseStateSchema,
  SubmissionResultSchema,
  VersionListSchema,
  WithdrawalSchema,
} from "./api-schemas.ts";

/** A zod schema as an OpenAPI 3.1 schema object (JSON Schema 2020-12), as a client sends it or receives it. */
function schemaOf(schema: z.ZodType, io: "input" | "output"): object {
  const { $schema: _dialect, ...jsonSchema } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return jsonSchema;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: ref(name) } });
const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});

const externalIdParameter = {
  name: "externalId",
  in: "path",
  required: true,
  schema: { type: "string", minLength: 1, maxLength: 200 },
  description: "The publisher's own id of the release.",
};
const writeErrors = {
  "400": problem("Not valid: `errors` names each bad field."),
  "401": problem("No API key, or not a valid one."),
  "403": problem("The key's publisher may not touch this release."),
  "413": problem("The body is too large."),
  "415": problem("The body is not `application/json`."),
  "429": problem("Too many requests for this publisher: wait `Retry-After` seconds."),
  "503": problem(
    "NATS is unavailable: send the same request again after `Retry-After` seconds. A write NATS did not confirm in time may have been stored (`detail` says so); the re-send then answers `200` unchanged with its version.",
  ),
};
const readErrors = {
  "401": writeErrors["401"],
  "403": writeErrors["403"],
  "404": problem("No such release of this publisher."),
  "429": writeErrors["429"],
  "503": problem("NATS is unavailable: retry after `Retry-After` seconds."),
};
const accepted = {
  "202": { description: "Accepted: stored and published as an event.", content: json("SubmissionResult") },
  "200": { description: "Unchanged: the same content was already accepted.", content: json("SubmissionResult") },
};

/** `GET /v1/report`: the caller's delivery report (ADR 0017). */
const reportPath = {
  get: {
    operationId: "getDeliveryReport",
    summary: "The caller's delivery report: releases, time to searchable, feed polls by reader, WebSub, searches",
    parameters: [
      { name: "from", in: "query", required: false, schema: { type: "string", format: "date" } },
      { name: "to", in: "query", required: false, schema: { type: "string", format: "date" } },
    ],
    responses: {
      "200": {
        description: "Counts per UTC day summed over from..to (default: the last 30 days; at most 366).",
        content: { "application/json": { schema: { type: "object" } } },
      },
      ...readErrors,
    },
  },
};

/** The pull adapter's report, and the callbacks of upstream WebSub hubs. */
const upstreamPaths = {
  "/v1/upstreams": {
    get: {
      operationId: "listUpstreams",
      summary: "The caller's upstream feeds the pull adapter reads: last poll, outcome, counts, next poll and why",
      responses: {
        "200": {
          description: "`{upstreams: [...]}`, the caller's publisher's only.",
          content: { "application/json": { schema: { type: "object" } } },
        },
        ...readErrors,
      },
    },
  },
  "/websub/upstreams/{key}": {
    parameters: [
      {
        name: "key",
        in: "path",
        required: true,
        schema: { type: "string" },
        description: "The subscription's key.",
      },
    ],
    get: {
      operationId: "verifyUpstreamSubscription",
      summary: "An upstream WebSub hub verifies intent (W3C WebSub 5.3): the challenge is echoed",
      security: [],
      responses: {
        "200": { description: "The challenge.", content: { "text/plain": { schema: { type: "string" } } } },
        "404": problem("No subscription of this ingest matches."),
      },
    },
    post: {
      operationId: "receiveUpstreamNotification",
      summary:
        "An upstream WebSub hub delivers the feed (signed with the subscription's secret); taken in as a poll would",
      security: [],
      requestBody: { required: true, content: { "*/*": { schema: { type: "string" } } } },
      responses: {
        "202": { description: "Taken in." },
        "404": problem("No subscription of this ingest has this callback."),
      },
    },
  },
};

const selfPath = {
  "/openapi.json": {
    get: {
      operationId: "openApi",
      summary: "This document",
      security: [],
      responses: {
        "200": { description: "OpenAPI 3.1.", content: { "application/json": { schema: { type: "object" } } } },
      },
    },
  },
};

const info = {
  title: "Gazette ingest: the publisher API",
  version: "1.0.0",
  description:
    "Ministries push press releases here. Every error is RFC 9457 application/problem+json with a stable `code`.",
};

/** The OpenAPI 3.1 document of the publisher API, with every schema generated from the zod schemas ingest validates with. */
export function ingestOpenApiDocument() {
  return {
    openapi: "3.1.0",
    info,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "The publisher's API key." } },
      schemas: {
        ReleaseInput: schemaOf(ReleaseInputSchema, "input"),
        BatchRequest: schemaOf(BatchRequestSchema, "input"),
        Withdrawal: schemaOf(WithdrawalSchema, "input"),
        SubmissionResult: schemaOf(SubmissionResultSchema, "output"),
        BatchResponse: schemaOf(BatchResponseSchema, "output"),
        ReleaseState: schemaOf(ReleaseStateSchema, "output"),
        VersionList: schemaOf(VersionListSchema, "output"),
        Problem: schemaOf(ProblemSchema, "output"),
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      "/v1/releases": {
        post: {
          operationId: "submitRelease",
          summary: "Create or update a release by its externalId",
          requestBody: { required: true, content: json("ReleaseInput") },
          responses: { ...accepted, ...writeErrors },
        },
      },
      "/v1/releases:batch": {
        post: {
          operationId: "submitReleases",
          summary: "Create or update up to 100 releases; a result per item, in order",
          requestBody: { required: true, content: json("BatchRequest") },
          responses: {
            "200": {
              description: "A result for each item; a bad item fails only itself.",
              content: json("BatchResponse"),
            },
            ...writeErrors,
          },
        },
      },
      "/v1/releases/{externalId}": {
        parameters: [externalIdParameter],
        get: {
          operationId: "getRelease",
          summary: "The current state of a release",
          responses: { "200": { description: "The release.", content: json("ReleaseState") }, ...readErrors },
        },
        put: {
          operationId: "putRelease",
          summary: "Create or update a release (the same as POST)",
          requestBody: { required: true, content: json("ReleaseInput") },
          responses: { ...accepted, ...writeErrors },
        },
        delete: {
          operationId: "withdrawRelease",
          summary: "Withdraw a release",
          requestBody: { required: true, content: json("Withdrawal") },
          responses: { ...accepted, ...writeErrors, "404": readErrors["404"] },
        },
      },
      "/v1/report": reportPath,
      ...upstreamPaths,
      ...selfPath,
      "/v1/releases/{externalId}/versions": {
        parameters: [externalIdParameter],
        get: {
          operationId: "listReleaseVersions",
          summary: "The versions of a release, oldest first",
          responses: { "200": { description: "The versions.", content: json("VersionList") }, ...readErrors },
        },
      },
    },
  };
}
