import { createHash } from "node:crypto";
import { z } from "zod";

/** Publisher ids: lowercase, digits and inner hyphens, as in `mci-kz`. They appear in subjects and URLs. */
export const publisherIdPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const PublisherIdSchema = z
  .string()
  .regex(publisherIdPattern, "a publisher id is 1–64 of a-z, 0-9 and inner '-'");

function canonicalLanguageTag(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical;
  } catch {
    return undefined;
  }
}

/** A BCP 47 language tag, returned in canonical form (`RU` → `ru`, `kk-cyrl-kz` → `kk-Cyrl-KZ`). */
export const LanguageTagSchema = z
  .string()
  .max(35)
  .transform((tag, ctx) => {
    const canonical = canonicalLanguageTag(tag);
    if (canonical === undefined) {
      ctx.addIssue({ code: "custom", message: `"${tag}" is not a BCP 47 language tag` });
      return z.NEVER;
    }
    return canonical;
  });

/**
 * A host name with a dot, checked on its ASCII form (the URL parser turns `президент.рф` into
 * `xn--d1abbgf6aiiy.xn--p1ai`): internationalised domains and their punycode TLDs are welcome.
 */
const domainName = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i;

/** A URL with credentials in it (`https://user:pass@…`) leaks them to every reader: never taken. */
const withoutCredentials = (url: string) => {
  // What is no URL at all is the URL check's to say (one problem per bad field, not two).
  const parsed = URL.parse(url);
  return parsed === null || (parsed.username === "" && parsed.password === "");
};

/** An absolute http(s) URL on a public domain name (IDN welcome), without credentials. */
export const HttpUrlSchema = z
  .url({ protocol: /^https?$/, hostname: domainName, error: "must be an absolute http(s) URL" })
  .max(2048)
  .refine(withoutCredentials, "must not carry a user name or password");

/**
 * An absolute http(s) URL on any host: a domain, an IP address or a single label (`intranet`). For
 * publishers the registry marks `internal` (their sites are on an internal network), and for what
 * Gazette stores and publishes.
 */
export const AnyHostHttpUrlSchema = z
  .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL" })
  .max(2048)
  .refine(withoutCredentials, "must not carry a user name or password");

/** An http(s) URL as links carry it: a Unicode host in punycode, a Unicode path percent-encoded; an ASCII URL as it was. */
export function asciiUrl(url: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII.
  return /[^\x00-\x7f]/.test(url) ? new URL(url).href : url;
}

/** ISO 8601 date-time with an offset (`2024-05-01T10:00:00+05:00` or `…Z`). */
export const DateTimeWithOffsetSchema = z.iso.datetime({
  offset: true,
  error: "must be an ISO 8601 date-time with an offset",
});

export const ImageSchema = z.strictObject({
  url: HttpUrlSchema,
  caption: z.string().min(1).max(1000).optional(),
  credit: z.string().min(1).max(300).optional(),
  mimeType: z
    .string()
    .regex(/^image\/[a-z0-9.+-]+$/, "must be an image/* media type")
    .optional(),
  /** The file's size in bytes, if known (RSS enclosures carry it). */
  size: z
    .number()
    .int()
    .min(1)
    .max(1024 ** 3)
    .optional(),
});
export type Image = z.infer<typeof ImageSchema>;
/** An image of an internal publisher (or as stored): its URL on any host. */
export const AnyHostImageSchema = ImageSchema.extend({ url: AnyHostHttpUrlSchema });

/** What a publisher sends. Unknown fields are rejected, so a misspelt field never goes unnoticed. */
export const ReleaseInputSchema = z.strictObject({
  externalId: z
    .string()
    .min(1)
    .max(200)
    .describe("The publisher's own id of the release; a new one creates a release, a known one updates it."),
  language: LanguageTagSchema.describe(
    "BCP 47 language tag of the text, e.g. `ru`, `kk`, `en`, `kk-Cyrl-KZ`; `und` when it could not be determined.",
  ),
  languageSource: z
    .enum(["declared", "detected"])
    .optional()
    .describe(
      "How the language is known: `declared` by the source (the default), or `detected` from the text (pulled items whose feed declares none).",
    ),
  title: z.string().trim().min(1).max(500),
  summary: z.string().trim().min(1).max(2000).optional(),
  body: z
    .string()
    .min(1)
    .max(500_000)
    .describe(
      "HTML; sanitised to an allowlist (paragraphs, links, lists, emphasis, headings, quotes, figures, tables).",
    ),
  publishedAt: DateTimeWithOffsetSchema.optional().describe(
    "ISO 8601 with an offset; default: first receipt, or the embargo's end if later.",
  ),
  tags: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  sourceUrl: HttpUrlSchema.optional(),
  images: z.array(ImageSchema).max(50).default([]),
  translationKey: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("The same key on the language versions of one release links them as translations."),
  /** Not to be shown in any feed or search result before this instant. */
  embargoUntil: DateTimeWithOffsetSchema.optional().describe(
    "Not shown in any feed or search result before this instant (ISO 8601 with an offset).",
  ),
});
export type ReleaseInput = z.input<typeof ReleaseInputSchema>;
export type ValidReleaseInput = z.output<typeof ReleaseInputSchema>;

/** What a publisher the registry marks `internal` sends: links and images may be on any host. */
export const InternalReleaseInputSchema = ReleaseInputSchema.extend({
  sourceUrl: AnyHostHttpUrlSchema.optional(),
  images: z.array(AnyHostImageSchema).max(50).default([]),
});

/** A release as Gazette keeps and publishes it: the input plus what ingest sets. */
export const ReleaseSchema = z.strictObject({
  ...InternalReleaseInputSchema.shape,
  id: z.string().min(1),
  publisher: PublisherIdSchema,
  publishedAt: DateTimeWithOffsetSchema,
  updatedAt: DateTimeWithOffsetSchema,
  version: z.number().int().positive(),
});
export type Release = z.output<typeof ReleaseSchema>;

/**
 * The release id: derived from publisher and externalId only, so it never changes, and URL-safe
 * (`<publisher>-<32 hex digits>`; the hash keeps arbitrary externalIds out of URLs).
 */
export function releaseIdFor(publisher: string, externalId: string): string {
  const digest = createHash("sha256").update(publisher).update("\u0000").update(externalId).digest("hex");
  return `${publisher}-${digest.slice(0, 32)}`;
}
