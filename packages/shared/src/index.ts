/**
 * @gazette/shared: what the three services share, in two halves and two features.
 * - `contract/`: what the services agree on: the release, its events and their signature, the index
 *   document, the error catalogue, language tags, text rules. No I/O; `@gazette/shared/contract` loads
 *   this half alone (the pull adapter's parse workers do).
 * - `platform/`: how a service runs: NATS, OpenSearch, the HTTP frame (problems, metrics, request
 *   logs), configuration, start-up and shutdown, outbound requests, backoff.
 * - `delivery-reports/` and `index-watermarks/`: two features more than one service uses.
 * Each folder's `index.ts` names what it offers; nobody imports a folder's files from outside it.
 */
export * from "./contract/index.ts";
export * from "./platform/index.ts";
export * from "./delivery-reports/index.ts";
export * from "./index-watermarks/index.ts";
