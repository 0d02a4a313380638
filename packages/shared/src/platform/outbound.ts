/**
 * Every request Gazette makes to an address a stranger chose (a WebSub subscriber's callback, a hub an
 * upstream feed names) goes through here, so Gazette cannot be turned on its own network (ADR 0006):
 * - only http(s), and only to public unicast addresses: loopback, private, link-local (the cloud
 *   metadata address), CGNAT, multicast, reserved, unique-local, IPv4-mapped and -embedding IPv6
 *   addresses are refused, in whatever notation the URL writes them (WHATWG URL parsing turns
 *   `http://2130706433/` and `http://0177.0.0.1/` into 127.0.0.1);
 * - a host name is checked on the addresses it resolves to, inside the connection's own lookup, so the
 *   address checked is the address connected to (no DNS-rebinding gap);
 * - redirects are not followed automatically: at most a few, each checked like the first URL;
 * - a hard cap on the response's bytes and one time budget for the whole exchange.
 * `allowPrivate` (OUTBOUND_ALLOW_PRIVATE=true: tests and the local stack) turns the address checks off;
 * `allowedOrigins` lets operators name origins that may be private (an intranet hub).
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, fetch as undiciFetch } from "undici";

/** A request refused before or while it was made, and why. */
export class OutboundRefusedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "OutboundRefusedError";
  }
}

export interface OutboundPolicy {
  /** Allow loopback and private addresses (tests, the local stack). Default false. */
  allowPrivate: boolean;
  /** Origins (`http://hub.intranet:8080`) that may be private even when `allowPrivate` is off. */
  allowedOrigins?: readonly string[];
  /** Most bytes of a response body. */
  maxBytes: number;
  /** The whole exchange, redirects included, in ms. */
  timeoutMs: number;
  /** Redirects followed at most (each one checked). Default 3. */
  maxRedirects?: number;
  /** The connection pools to use (`outboundAgents`); default: shared pools without a connection cap. */
  agents?: OutboundAgents;
}

/** Connection pools for outbound requests: one that connects to public addresses only, one to any. */
export interface OutboundAgents {
  publicOnly: Agent;
  anyAddress: Agent;
}

export interface OutboundResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
}

/** Whether an IP address is a public unicast one (the only kind a stranger may make Gazette call). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === "unicast";
}

/** Why `url` may not be requested under `policy`, or undefined when it may (host names are checked again at connect). */
export function refusalOf(
  url: URL,
  policy: Pick<OutboundPolicy, "allowPrivate" | "allowedOrigins">,
): string | undefined {
  if (url.protocol !== "http:" && url.protocol !== "https:") return `${url.protocol} URLs are not requested`;
  if (url.username !== "" || url.password !== "") return "URLs with credentials are not requested";
  if (policy.allowPrivate || policy.allowedOrigins?.includes(url.origin) === true) return undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host) !== 0 && !isPublicAddress(host)) return `${host} is not a public address`;
  if (host === "localhost" || host.endsWith(".localhost")) return `${host} is not a public address`;
  return undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A DNS lookup that fails for names resolving to any address that is not public. */
function guardedLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error !== null) return callback(error, []);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused !== undefined)
      return callback(
        Object.assign(new OutboundRefusedError(`${hostname} resolves to ${refused.address}, not a public address`), {
          code: "EREFUSEDADDRESS",
        }),
        [],
      );
    if (options.all === true) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
}

/**
 * Connection pools of their own, with at most `connectionsPerOrigin` connections open to one origin at
 * once (the pull adapter's per-host politeness holds at the socket level too); default: no cap.
 */
export function outboundAgents(options: { connectionsPerOrigin?: number } = {}): OutboundAgents {
  const connections = options.connectionsPerOrigin === undefined ? {} : { connections: options.connectionsPerOrigin };
  return {
    publicOnly: new Agent({ ...connections, connect: { lookup: guardedLookup as never } }),
    anyAddress: new Agent(connections),
  };
}

const sharedAgents = outboundAgents();

/** One request under `policy`: refused (OutboundRefusedError) when the address or a redirect is not allowed, or the body is too large. */
export async function outboundRequest(
  url: string | URL,
  init: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string | Buffer },
  policy: OutboundPolicy,
): Promise<OutboundResponse> {
  const response = await guardedFetch(String(url), { ...init, signal: AbortSignal.timeout(policy.timeoutMs) }, policy);
  const chunks: Buffer[] = [];
  let total = 0;
  if (response.body !== null) {
    for await (const chunk of response.body) {
      total += (chunk as Uint8Array).byteLength;
      if (total > policy.maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new OutboundRefusedError(`response cut: more than ${policy.maxBytes} bytes`);
      }
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
  }
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: Buffer.concat(chunks),
    url: response.url || String(url),
  };
}

/**
 * A streaming `fetch` under the same address rules, for callers that read big bodies their own way (the
 * pull adapter): redirects followed by hand and each checked, the body left to the caller (decoded from
 * gzip, deflate or brotli, as fetch does). Refused requests throw OutboundRefusedError.
 */
export async function guardedFetch(
  url: string,
  init: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: string | Buffer; signal?: AbortSignal },
  policy: Pick<OutboundPolicy, "allowPrivate" | "allowedOrigins" | "maxRedirects" | "agents">,
): Promise<Response> {
  const agents = policy.agents ?? sharedAgents;
  let current = new URL(url);
  let { method = "GET", body } = init;
  for (let redirects = 0; ; redirects++) {
    const refusal = refusalOf(current, policy);
    if (refusal !== undefined) throw new OutboundRefusedError(`not requested: ${refusal}`);
    const trusted = policy.allowPrivate || policy.allowedOrigins?.includes(current.origin) === true;
    let response: Response;
    try {
      response = (await undiciFetch(current, {
        method,
        ...(init.headers === undefined ? {} : { headers: init.headers }),
        ...(body === undefined ? {} : { body }),
        ...(init.signal === undefined ? {} : { signal: init.signal }),
        redirect: "manual",
        dispatcher: trusted ? agents.anyAddress : agents.publicOnly,
      })) as unknown as Response;
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause ?? error;
      if (cause instanceof OutboundRefusedError || (cause as { code?: string }).code === "EREFUSEDADDRESS")
        throw new OutboundRefusedError(`not requested: ${(cause as Error).message}`, { cause });
      throw error;
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || location === null) return response;
    await response.body?.cancel();
    if (redirects >= (policy.maxRedirects ?? 3))
      throw new OutboundRefusedError(`not followed: more than ${policy.maxRedirects ?? 3} redirects`);
    current = new URL(location, current);
    // 303, and 301/302 after a POST, continue as a GET without the body (as browsers do).
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
      method = "GET";
      body = undefined;
    }
  }
}
