import { decodeHTMLStrict } from "entities";
import sanitizeHtml from "sanitize-html";
import type { z } from "zod";
import { WithdrawalSchema } from "../api-schemas.ts";
import {
  asciiUrl,
  cleanText,
  GazetteError,
  parseOrRefuse,
  ReleaseInputSchema,
  type ValidReleaseInput,
  InternalReleaseInputSchema,
} from "@gazette/shared";

/** What body HTML may keep: text structure, links, lists, emphasis, headings, quotes, figures, tables. */
const bodyHtmlPolicy: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "a",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: {
    a: ["href", "title", "hreflang"],
    img: ["src", "alt", "title", "width", "height"],
    th: ["colspan", "rowspan", "scope"],
    td: ["colspan", "rowspan"],
    "*": ["lang", "dir"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["http", "https"] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: { h1: "h2" },
  // An image whose only source was a disallowed (data:, javascript:) URL is dropped, not left empty.
  exclusiveFilter: (frame) => frame.tag === "img" && (frame.attribs["src"] ?? "") === "",
};

/** `schema`'s output for a request body, or VALIDATION_FAILED ("Invalid <what>: …") naming every bad field. */
export function parseBodyOrRefuse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  return parseOrRefuse(schema, body, { root: "(body)", prefix: `Invalid ${what}: ` });
}

/** Body HTML made safe to republish: only allowlisted tags and attributes, no scripts or risky URLs. */
export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, bodyHtmlPolicy).trim();
}

/**
 * A plain-text field (title, summary, tag, caption, credit) as its author meant it: character
 * references decoded exactly once. CMSs often send HTML-escaped text in JSON (WordPress's rendered
 * titles say `Fire &#038; Ice`); feeds, JSON and pages then escape it once for their own format.
 * Strict decoding: only complete references (`&amp;`, `&#038;`), never `AT&T` or `R&D`.
 */
const plainField = (text: string) => cleanText(text.includes("&") ? decodeHTMLStrict(text) : text);
const cleanOptional = (text: string | undefined) => (text === undefined ? undefined : plainField(text));

/**
 * Validates what a publisher sent and makes it clean: NFC text without XML-illegal characters, and
 * sanitised body HTML. Throws VALIDATION_FAILED naming every bad field.
 */
export function normalizeReleaseInput(body: unknown, options: { anyHost?: boolean } = {}): ValidReleaseInput {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new GazetteError("VALIDATION_FAILED", "The body must be a JSON object.", {
      extensions: { errors: [{ field: "(body)", message: "expected a JSON object" }] },
    });
  }
  // Publishers on an internal network (the registry says so) may link to any host; others to public domains.
  const schema = options.anyHost === true ? InternalReleaseInputSchema : ReleaseInputSchema;
  const input = parseBodyOrRefuse(schema, body, "release");
  const body_ = sanitizeBodyHtml(cleanText(input.body));
  if (body_ === "") {
    const errors = [{ field: "body", message: "has no content left after removing disallowed HTML" }];
    throw new GazetteError(
      "VALIDATION_FAILED",
      "Invalid release: body: has no content left after removing disallowed HTML",
      { extensions: { errors } },
    );
  }
  return {
    ...input,
    externalId: cleanText(input.externalId),
    title: plainField(input.title),
    summary: cleanOptional(input.summary),
    body: body_,
    tags: [...new Set(input.tags.map(plainField))],
    ...(input.sourceUrl === undefined ? {} : { sourceUrl: asciiUrl(input.sourceUrl) }),
    images: input.images.map((image) => ({
      ...image,
      url: asciiUrl(image.url),
      caption: cleanOptional(image.caption),
      credit: cleanOptional(image.credit),
    })),
    translationKey: cleanOptional(input.translationKey),
  };
}

/** The body of a withdrawal: `{reason}`, cleaned like any text. */
export function parseWithdrawal(body: unknown): { reason: string } {
  return { reason: cleanText(parseBodyOrRefuse(WithdrawalSchema, body, "withdrawal").reason) };
}
