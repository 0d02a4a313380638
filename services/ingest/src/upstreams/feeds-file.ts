import { readFile } from "node:fs/promises";
import { parseJsonText, describeIssues } from "@gazette/shared";
import { z } from "zod";
import { LanguageTagSchema, PublisherIdSchema } from "@gazette/shared";
import { isTimeZone } from "./parsing/index.ts";

export const UpstreamFeedSchema = z.strictObject({
  /** The publisher whose releases the feed carries (must be in the publisher registry). */
  publisher: PublisherIdSchema,
  /** Any http(s) URL the ingest host can reach (an intranet address or IP included). */
  url: z.url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" }),
  /** `feed`: RSS 2.0 or Atom 1.0 (told apart by their content); `wordpress`: the WordPress REST API's posts (`/wp-json/wp/v2/posts?_embed`). */
  format: z.enum(["feed", "wordpress"]).default("feed"),
  /** The releases' language when the feed does not say (RSS `<language>`, Atom `xml:lang`); it wins over the feed's own if given. */
  language: LanguageTagSchema.optional(),
  /** The IANA time zone of dates the feed writes without one (`2024-05-14 10:00`); default UTC, never the host's. */
  timeZone: z.string().refine(isTimeZone, "must be an IANA time zone, e.g. Asia/Almaty").default("UTC"),
  /** Whether this upstream may be on a loopback or private address (an intranet site); default false (ADR 0006). */
  allowPrivateAddresses: z.boolean().default(false),
  /** Seconds between polls when all goes well; errors back off from there, doubling up to an hour. */
  intervalSeconds: z.number().int().min(1).max(86_400).default(300),
});
export type UpstreamFeed = z.output<typeof UpstreamFeedSchema>;

const UpstreamFeedsFileSchema = z.strictObject({ feeds: z.array(UpstreamFeedSchema) });

/** The upstream feeds file cannot be read, is not valid, or names publishers the registry does not hold. */
export class UpstreamConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UpstreamConfigError";
  }
}

/** The upstream feeds file (INGEST_UPSTREAM_FEEDS_FILE), validated; throws naming each bad entry. */
export async function loadUpstreamFeeds(file: string): Promise<UpstreamFeed[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UpstreamConfigError(`cannot read INGEST_UPSTREAM_FEEDS_FILE ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const json = parseJsonText(text, `INGEST_UPSTREAM_FEEDS_FILE ${file}`);
  const parsed = UpstreamFeedsFileSchema.safeParse(json);
  if (!parsed.success)
    throw new UpstreamConfigError(`invalid INGEST_UPSTREAM_FEEDS_FILE ${file}: ${describeIssues(parsed.error.issues)}`);
  return parsed.data.feeds;
}
