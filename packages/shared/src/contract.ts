/**
 * @gazette/shared/contract: the release schema alone, for code that must load little (the pull
 * adapter's parse workers load it in each thread, without the NATS, OpenSearch and HTTP platform code
 * the package's main entry brings).
 */
export { AnyHostHttpUrlSchema, HttpUrlSchema } from "./release.ts";
export type { ReleaseInput } from "./release.ts";
