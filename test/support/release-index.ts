import { expect } from "vitest";
import type { OpenSearchClient, ReleaseDocument } from "@gazette/shared";

/** Writes documents to a test's release index as the indexer would (by id), visible at once; in bulks of `per`. */
export async function writeDocuments(
  client: OpenSearchClient,
  alias: string,
  documents: readonly ReleaseDocument[],
  per = documents.length,
): Promise<void> {
  for (let start = 0; start < documents.length; start += per) {
    const body = documents
      .slice(start, start + per)
      .flatMap((document) => [{ index: { _index: alias, _id: document.id } }, document]);
    const response = await client.bulk({ body, refresh: true } as never);
    expect((response.body as { errors: boolean }).errors).toBe(false);
  }
}

/** Removes a test's release index (every layout version) and its template, and closes the client. */
export async function dropReleaseIndex(client: OpenSearchClient, alias: string): Promise<void> {
  await client.indices.delete({ index: `${alias}-v*` });
  await client.indices.deleteIndexTemplate({ name: `${alias}-template` });
  await client.close();
}
