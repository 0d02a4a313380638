/**
 * The one catalogue of Gazette's errors. Each has a stable code (clients may switch on it), an HTTP
 * status and a title; `docs/errors.md` lists them and a test keeps the two in step.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, title: "The request is not valid" },
  MALFORMED_JSON: { status: 400, title: "The request body is not well-formed JSON" },
  INVALID_UTF8: { status: 400, title: "The request body is not valid UTF-8" },
  MALFORMED_REQUEST: { status: 400, title: "The request is not valid HTTP" },
  BAD_QUERY_PARAMETER: { status: 400, title: "A query parameter is not valid" },
  UNAUTHENTICATED: { status: 401, title: "A valid API key is required" },
  FORBIDDEN: { status: 403, title: "This API key may not do that" },
  NOT_FOUND: { status: 404, title: "Not found" },
  CONCURRENT_UPDATE: { status: 409, title: "The release kept changing while this request was handled; retry" },
  GONE: { status: 410, title: "Withdrawn by its publisher" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "The request body must be application/json" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  HEADERS_TOO_LARGE: { status: 431, title: "The request line and headers are too large" },
  INTERNAL: { status: 500, title: "Internal error" },
  EVENT_STORE_UNAVAILABLE: { status: 503, title: "The event store is unavailable; retry later" },
  STORE_FULL: { status: 503, title: "The release store is full: nothing was stored; retry later" },
  SEARCH_UNAVAILABLE: { status: 503, title: "The search index is unavailable; retry later" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** Problem type URIs are URNs (no web host to depend on); docs/errors.md explains each one. */
export const problemTypeBase = "urn:gazette:problem:";

export interface GazetteErrorOptions {
  cause?: unknown;
  /** Extra members of the problem document, e.g. `errors` for field-level validation failures. */
  extensions?: Record<string, unknown>;
  /** Response headers that belong to this error (WWW-Authenticate, Retry-After). */
  headers?: Record<string, string>;
}

/** An error a client can be told about: a catalogue code plus a detail for this occurrence. */
export class GazetteError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, detail: string, options: GazetteErrorOptions = {}) {
    super(detail, { cause: options.cause });
    this.name = "GazetteError";
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

/** RFC 9457 problem details document. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  [extension: string]: unknown;
}

export function toProblem(error: GazetteError, instance?: string): ProblemDocument {
  return {
    ...error.extensions,
    type: problemTypeBase + error.code.toLowerCase().replaceAll("_", "-"),
    title: errorCatalogue[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(instance === undefined ? {} : { instance }),
  };
}
