import { z } from "zod";
import { invalidInput, LanguageTagSchema, parseOrRefuse, PublisherIdSchema } from "@gazette/shared";
import { ninjsVersions } from "../feeds/index.ts";

/** Longest query text accepted. */
export const maxQueryLength = 500;

/** An opaque paging cursor: the sort values of the last result, as base64url JSON. */
const CursorSchema = z
  .string()
  .max(1000)
  .transform((text, ctx) => {
    try {
      const values: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
      if (
        Array.isArray(values) &&
        values.length > 0 &&
        values.length <= 4 &&
        values.every((value) => typeof value === "string" || typeof value === "number")
      )
        return values as (string | number)[];
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: cursorNotOurs });
    return z.NEVER;
  });

/**
 * What a sort key's value in a cursor may be: a relevance score, a date (epoch milliseconds, as
 * OpenSearch gives them out, or a date as the `from` and `to` parameters take it), a release id (empty in a cursor made to start
 * at a date: `[<ms>, ""]` is every release of that moment and before). A cursor anyone made with a word
 * where the date goes, or the wrong number of values, is a 400 here, never an error of the index.
 */
const sortValueFits = {
  score: (value: string | number) => typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= 3.4e38,
  date: (value: string | number) =>
    typeof value === "number"
      ? Number.isSafeInteger(value) && Math.abs(value) <= 8.64e15
      : DateParamSchema.safeParse(value).success,
  id: (value: string | number) => typeof value === "string" && value.length <= 300,
};
type SortKey = keyof typeof sortValueFits;
/** Feeds, archives, search by date and changes: newest (or oldest) first, the id breaking ties. */
const byDateCursor: SortKey[] = ["date", "id"];
/** Search by relevance: the score first. */
const byRelevanceCursor: SortKey[] = ["score", "date", "id"];

function cursorFits(values: (string | number)[], keys: SortKey[]): boolean {
  return values.length === keys.length && keys.every((key, i) => sortValueFits[key](values[i]!));
}

const cursorNotOurs = "not a cursor this API gave out";
const DateCursorSchema = CursorSchema.refine((values) => cursorFits(values, byDateCursor), cursorNotOurs);

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), "utf8").toString("base64url");
}

/** A day (`2024-05-01`) or an ISO 8601 date-time with an offset. */
const DateParamSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "must be a date (2024-05-01) or an ISO 8601 date-time with an offset",
});
const QuerySchema = z
  .string()
  .trim()
  .min(1, "q is required")
  .max(maxQueryLength, `q is at most ${maxQueryLength} characters`);
const TagSchema = z.string().trim().min(1).max(64);

/** Feeds ignore parameters they do not know (readers append tracking parameters); search refuses them. */
export const FeedParamsSchema = z.object({
  publisher: PublisherIdSchema.optional(),
  lang: LanguageTagSchema.optional(),
  tag: TagSchema.optional(),
  /** A saved search as a feed. */
  q: QuerySchema.optional(),
  /** RFC 5005 archives: the page of releases older than this cursor. */
  before: DateCursorSchema.optional(),
  /** The ninjs feed's version (2.2 by default); other feeds ignore it. */
  version: z.enum(ninjsVersions).optional(),
  /** `story`: one entry per story, its canonical release, with the others listed (ADR 0016). */
  collapse: z.enum(["story"]).optional(),
});
export type FeedParams = z.output<typeof FeedParamsSchema>;

export const SearchParamsSchema = z
  .strictObject({
    /** Words to search; without them a filter lists its releases, newest first (browsing). */
    q: QuerySchema.optional(),
    publisher: PublisherIdSchema.optional(),
    lang: LanguageTagSchema.optional(),
    tag: TagSchema.optional(),
    from: DateParamSchema.optional(),
    to: DateParamSchema.optional(),
    sort: z.enum(["relevance", "date"]).default("relevance"),
    size: z.coerce.number().int().min(1).max(100).default(20),
    cursor: CursorSchema.optional(),
    collapse: z.enum(["story"]).optional(),
    /**
     * `on` (default): a query that finds nothing, or far less than its spelling correction, is answered
     * with the correction's results (`showingResultsFor`); `off`: as typed ("search instead for …").
     */
    autocorrect: z.enum(["on", "off"]).default("on"),
    /** The reader's language (BCP 47): releases in it rank first among equals; not a filter (that is `lang`). */
    hl: LanguageTagSchema.optional(),
  })
  .superRefine(({ q, cursor, sort }, ctx) => {
    // Without words there is no relevance: a listing is by date.
    const byDate = sort === "date" || q === undefined;
    if (cursor !== undefined && !cursorFits(cursor, byDate ? byDateCursor : byRelevanceCursor))
      ctx.addIssue({ code: "custom", path: ["cursor"], message: cursorNotOurs });
  })
  // The cursor a client sends back is where the search continues (`search_after`).
  .transform(({ cursor, ...params }) => {
    const ordered = params.q === undefined ? { ...params, sort: "date" as const } : params;
    return cursor === undefined ? ordered : { ...ordered, after: cursor };
  });
export type SearchRequestParams = z.output<typeof SearchParamsSchema>;

/** A release in full: JSON, or IPTC ninjs (2.2 by default, 3.1 on request). Other parameters are ignored. */
export const ReleaseParamsSchema = z.object({
  format: z.enum(["json", "ninjs"]).optional(),
  version: z.enum(ninjsVersions).optional(),
});

export const ChangesParamsSchema = z.strictObject({
  /** Where the previous page ended (its `nextCursor`); absent: from the beginning. */
  since: DateCursorSchema.optional(),
  size: z.coerce.number().int().min(1).max(1000).default(100),
});

export const SuggestParamsSchema = z.strictObject({
  q: z.string().trim().min(1, "q is required").max(100, "q is at most 100 characters"),
  publisher: PublisherIdSchema.optional(),
  lang: LanguageTagSchema.optional(),
  size: z.coerce.number().int().min(1).max(20).default(8),
  /** `opensearch`: the OpenSearch suggestions format browsers read, `[query, [titles]]`. */
  format: z.enum(["json", "opensearch"]).default("json"),
});

/**
 * Validates a request's query against `schema`: a repeated parameter or a bad value is a 400 that
 * names the parameter.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, unknown>): z.output<S> {
  const repeated = Object.entries(query)
    .filter(([, value]) => typeof value !== "string")
    .map(([name]) => ({ field: name, message: "given more than once or not plain text" }));
  if (repeated.length > 0) {
    throw invalidInput("BAD_QUERY_PARAMETER", repeated, "Give each parameter once, as plain text: ");
  }
  return parseOrRefuse(schema, query, { code: "BAD_QUERY_PARAMETER", root: "(query)", noun: "parameter" });
}

/** The canonical query string for a feed's filters (fixed order, only known parameters). */
export function canonicalFeedQuery(params: FeedParams): string {
  const search = new URLSearchParams();
  for (const name of ["publisher", "lang", "tag", "q", "version", "collapse"] as const) {
    const value = params[name];
    if (value !== undefined) search.set(name, value);
  }
  if (params.before !== undefined) search.set("before", encodeCursor(params.before));
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}
