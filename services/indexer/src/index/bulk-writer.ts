import type { OpenSearchClient, ReleaseDocument } from "@gazette/shared";

/** How one document fared in a bulk write. */
export type WriteOutcome =
  /** Stored. */
  | { kind: "written" }
  /** The index already holds this or a newer version: nothing to do. */
  | { kind: "stale" }
  /** Worth retrying later (overload, unavailable shard, timeout; `indexMissing`: no index behind the alias). */
  | { kind: "retry"; reason: string; indexMissing?: boolean }
  /** OpenSearch will never take this document as it is (mapping error and the like). */
  | { kind: "rejected"; reason: string };

export interface VersionedDocument {
  document: ReleaseDocument;
  version: number;
}

interface BulkItemResult {
  status: number;
  error?: { type?: string; reason?: string };
}

/**
 * Writes documents with one `_bulk` request through the alias, each at its release version as an
 * external version, so an older or repeated event never overwrites a newer document. Throws when
 * the request as a whole fails (OpenSearch down): every document should then be retried. Each
 * document gets `indexedAt` and `changedAt` (the order of /v1/changes) at write time.
 */
export async function bulkWriteDocuments(
  client: OpenSearchClient,
  alias: string,
  documents: readonly VersionedDocument[],
  now: Date = new Date(),
  options: { requireAlias?: boolean } = {},
): Promise<WriteOutcome[]> {
  const indexedAt = now.toISOString();
  const body = documents.flatMap(({ document, version }) => [
    { index: { _index: alias, _id: document.id, version, version_type: "external" } },
    { ...document, indexedAt, changedAt: changedAt(indexedAt, document.embargoUntil) },
  ]);
  // Through the alias only: were the index deleted behind it, a write must not make a stray index of
  // that name (dynamic mappings, outside the template) that then stands where the alias should be.
  const response = await client.bulk({ body: body as never, ...(options.requireAlias ? { require_alias: true } : {}) });
  const items = (response.body as { items: Record<string, BulkItemResult>[] }).items;
  return items.map((item) => outcomeOf(Object.values(item)[0]));
}

/**
 * `bulkWriteDocuments` as `parts` requests at once, the documents split by release (every version of
 * a release in one request, in its order), outcomes in the documents' order. One `_bulk` request is
 * written by one thread per shard: a load that waits for each batch before the next keeps the other
 * cores of a node idle otherwise.
 */
export async function bulkWriteInParts(
  client: OpenSearchClient,
  index: string,
  documents: readonly VersionedDocument[],
  parts: number,
  options: { requireAlias?: boolean } = {},
): Promise<WriteOutcome[]> {
  const positions: number[][] = Array.from({ length: parts }, () => []);
  const partOf = new Map<string, number>();
  documents.forEach(({ document }, position) => {
    let part = partOf.get(document.id);
    if (part === undefined) {
      part = partOf.size % parts;
      partOf.set(document.id, part);
    }
    positions[part]!.push(position);
  });
  const now = new Date();
  const outcomes: WriteOutcome[] = new Array(documents.length);
  await Promise.all(
    positions
      .filter((part) => part.length > 0)
      .map(async (part) => {
        const written = await bulkWriteDocuments(
          client,
          index,
          part.map((position) => documents[position]!),
          now,
          options,
        );
        for (const [i, position] of part.entries()) outcomes[position] = written[i]!;
      }),
  );
  return outcomes;
}

/** When a written version becomes visible: now, or at the end of its embargo. */
export function changedAt(indexedAt: string, embargoUntil: string | undefined): string {
  if (embargoUntil === undefined) return indexedAt;
  const embargoEnd = new Date(embargoUntil);
  return embargoEnd.getTime() > Date.parse(indexedAt) ? embargoEnd.toISOString() : indexedAt;
}

function outcomeOf(result: BulkItemResult | undefined): WriteOutcome {
  if (result === undefined) return { kind: "retry", reason: "no result for this document" };
  if (result.status >= 200 && result.status < 300) return { kind: "written" };
  const reason = `${result.status} ${result.error?.type ?? ""}: ${result.error?.reason ?? ""}`.trim();
  if (result.status === 409) return { kind: "stale" };
  if (result.status === 429 || result.status >= 500) return { kind: "retry", reason };
  // An index made read-only (a full disk's flood stage, or an operator's block): held until it is writable again.
  if (result.error?.type === "cluster_block_exception") return { kind: "retry", reason };
  // The alias is missing (the index was deleted behind it): the write waits for the index to be back.
  if (result.error?.type === "index_not_found_exception") return { kind: "retry", reason, indexMissing: true };
  return { kind: "rejected", reason };
}

/**
 * Writes documents again as they are, at the version they have (`external_gte`): a story change of a
 * release already indexed. `indexedAt` and `changedAt` stay (the release itself did not change, so
 * /v1/changes does not list it again). A newer version written meanwhile wins (409, ignored).
 * Returns how many were written.
 */
export async function rewriteDocuments(
  client: OpenSearchClient,
  index: string,
  documents: readonly VersionedDocument[],
): Promise<number> {
  if (documents.length === 0) return 0;
  const body = documents.flatMap(({ document, version }) => [
    { index: { _index: index, _id: document.id, version, version_type: "external_gte" } },
    document,
  ]);
  const response = await client.bulk({ body: body as never, require_alias: false });
  const items = (response.body as { items: Record<string, BulkItemResult>[] }).items;
  const outcomes = items.map((item) => outcomeOf(Object.values(item)[0]));
  const failed = outcomes.find((outcome) => outcome.kind === "retry" || outcome.kind === "rejected");
  if (failed !== undefined && "reason" in failed) throw new Error(`story rewrite not taken: ${failed.reason}`);
  return outcomes.filter((outcome) => outcome.kind === "written").length;
}
