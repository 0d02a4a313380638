/**
 * The OpenSearch index: its template and setup, documents and bulk writes, healing and reindexing.
 */
export { bulkWriteDocuments, rewriteDocuments } from "./bulk-writer.ts";
export type { VersionedDocument, WriteOutcome } from "./bulk-writer.ts";
export { IndexHealer } from "./index-healer.ts";
export { AnalysisPluginMissing, ensureReleaseIndex } from "./index-setup.ts";
export { indexLayoutVersion } from "./index-template.ts";
export type { IndexTopology } from "./index-template.ts";
export { ReindexInProgress } from "./reindex-lock.ts";
export { reindex } from "./reindex.ts";
export type { ReindexOptions, ReindexReport } from "./reindex.ts";
export { releaseToDocument } from "./release-presenter.ts";
