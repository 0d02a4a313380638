import { z } from "zod";
import { GazetteError, LanguageTagSchema, PublisherIdSchema } from "@gazette/shared";

/** Longest query text accepted. */
export const maxQueryLength = 500;

export const FeedParamsSchema = z.object({
  publisher: PublisherIdSchema.optional(),
  lang: LanguageTagSchema.optional(),
});
export type FeedParams = z.output<typeof FeedParamsSchema>;

export const SearchParamsSchema = z.strictObject({
  q: z.string().trim().min(1, "q is required").max(maxQueryLength, `q is at most ${maxQueryLength} characters`),
  publisher: PublisherIdSchema.optional(),
  lang: LanguageTagSchema.optional(),
  size: z.coerce.number().int().min(1).max(100).default(20),
});
export type SearchRequestParams = z.output<typeof SearchParamsSchema>;

export const SuggestParamsSchema = z.strictObject({
  q: z.string().trim().min(1, "q is required").max(100, "q is at most 100 characters"),
  publisher: PublisherIdSchema.optional(),
  lang: LanguageTagSchema.optional(),
  size: z.coerce.number().int().min(1).max(20).default(8),
});

/**
 * Validates a request's query against `schema`: a repeated parameter or a bad value is a 400 that
 * names the parameter.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, unknown>): z.output<S> {
  const repeated = Object.entries(query).filter(([, value]) => typeof value !== "string").map(([name]) => name);
  if (repeated.length > 0) {
    throw new GazetteError("BAD_QUERY_PARAMETER", `Give each parameter once, as plain text: ${repeated.join(", ")}.`, {
      extensions: { errors: repeated.map((name) => ({ parameter: name, message: "given more than once or not plain text" })) },
    });
  }
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({
    parameter: issue.code === "unrecognized_keys" ? issue.keys.join(", ") : issue.path.join(".") || "(query)",
    message: issue.code === "unrecognized_keys" ? "unknown parameter" : issue.message,
  }));
  throw new GazetteError("BAD_QUERY_PARAMETER", errors.map((e) => `${e.parameter}: ${e.message}`).join("; "), { extensions: { errors } });
}

/** The canonical query string for a feed's filters (fixed order, only known parameters). */
export function canonicalFeedQuery(params: FeedParams): string {
  const search = new URLSearchParams();
  if (params.publisher !== undefined) search.set("publisher", params.publisher);
  if (params.lang !== undefined) search.set("lang", params.lang);
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}
