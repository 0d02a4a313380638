/**
 * Reads an upstream feed over HTTP within hard limits, so one hostile or broken server costs nothing
 * but its own poll: the body is read as a stream and counted *after* decompression (fetch decodes
 * gzip, deflate and brotli), so a gzip bomb stops at the cap like a chunked body of unknown length;
 * the whole exchange, headers and body, has one time budget, so an endless trickle stops too.
 */

import { guardedFetch, OutboundRefusedError, type OutboundPolicy } from "@gazette/shared";

/** A poll that failed: the upstream answered badly, or broke a limit. */
export class UpstreamFetchError extends Error {
  /** When the upstream asked us to come back (Retry-After), in seconds from now. */
  readonly retryAfterSeconds: number | undefined;
  /** The HTTP status the upstream answered with, if it answered. */
  readonly status: number | undefined;

  constructor(message: string, options: { cause?: unknown; retryAfterSeconds?: number; status?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = "UpstreamFetchError";
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.status = options.status;
  }
}

export interface UpstreamLimits {
  /** Which addresses this upstream may have (operators allow private ones per upstream or for all), and the connection pools. */
  outbound: Pick<OutboundPolicy, "allowPrivate" | "allowedOrigins" | "agents">;
  /** Most bytes of the body, counted after decompression. */
  maxBytes: number;
  /** The whole request, headers and body, in ms. */
  timeoutMs: number;
}

export interface UpstreamResponse {
  status: number;
  headers: Headers;
  /** The decoded body (empty for 304), in an ArrayBuffer of its own (it can be moved to a parse worker). */
  body: Uint8Array;
}

/**
 * Retry-After as seconds from `now`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); undefined when
 * absent or unreadable. Never negative; the caller clamps it to its own ceiling.
 */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** GETs `url` within `limits`; a non-2xx, non-304 answer is an UpstreamFetchError (with its Retry-After). */
export async function fetchUpstream(
  url: string,
  headers: Record<string, string>,
  limits: UpstreamLimits,
): Promise<UpstreamResponse> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  const seconds = Math.round(limits.timeoutMs / 1000);
  let response: Response;
  try {
    response = await guardedFetch(url, { headers, signal }, limits.outbound);
  } catch (error) {
    if (error instanceof OutboundRefusedError)
      throw new UpstreamFetchError(
        `upstream ${error.message}; an operator may allow it with "allowPrivateAddresses": true on this upstream`,
        { cause: error },
      );
    throw new UpstreamFetchError(
      signal.aborted
        ? `upstream did not answer within ${seconds} s`
        : `upstream unreachable: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 304, headers: response.headers, body: new Uint8Array() };
  }
  if (!response.ok) {
    await response.body?.cancel();
    const retryAfter = retryAfterSeconds(response.headers.get("retry-after"));
    throw new UpstreamFetchError(`upstream answered HTTP ${response.status}`, {
      status: response.status,
      ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    });
  }
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  // Content-Length counts the compressed bytes; only an identity body can be refused by it up front.
  const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  if (!encoded && declared > limits.maxBytes) {
    await response.body?.cancel();
    throw new UpstreamFetchError(`upstream body is ${declared} bytes, more than the ${limits.maxBytes} allowed`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  try {
    for (;;) {
      const { done, value } = reader === undefined ? { done: true, value: undefined } : await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) {
        await reader?.cancel();
        throw new UpstreamFetchError(
          `upstream body exceeds ${limits.maxBytes} bytes${encoded ? " once decompressed" : ""}: stopped reading`,
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof UpstreamFetchError) throw error;
    throw new UpstreamFetchError(
      signal.aborted
        ? `upstream did not send its body within ${seconds} s (${total} bytes read)`
        : `upstream body broke off: ${(error as Error).message}`,
      { cause: error },
    );
  }
  // One copy into a buffer of its own (Buffer.concat may hand out a slice of a shared pool).
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { status: response.status, headers: response.headers, body };
}
