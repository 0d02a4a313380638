import type { OpenSearchClient } from "@gazette/shared";
import { indexLayoutVersion, layoutVersionOf, releaseIndexTemplate, versionedIndexName } from "./index-template.ts";

function isAlreadyExists(error: unknown): boolean {
  const type = (error as { body?: { error?: { type?: string } } }).body?.error?.type;
  return type === "resource_already_exists_exception";
}

/**
 * Makes the release index ready: puts the index template, and when the alias does not exist yet,
 * creates the first versioned index behind it. Idempotent and safe with several indexers at once.
 */
export async function ensureReleaseIndex(
  client: OpenSearchClient,
  alias: string,
  onOlderLayout: (indices: string[]) => void = () => {},
): Promise<void> {
  await client.indices.putIndexTemplate({ name: `${alias}-template`, body: releaseIndexTemplate(alias) as never });
  const exists = await client.indices.existsAlias({ name: alias });
  if (exists.body === true) {
    const indices = Object.keys((await client.indices.getAlias({ name: alias })).body as object);
    const older = indices.filter((index) => (layoutVersionOf(index) ?? indexLayoutVersion) < indexLayoutVersion);
    if (older.length > 0) {
      // An index of an older layout keeps serving (documents fit it: a new layout changes analysis,
      // not the document) until `npm run gazette -- reindex` builds the new one and swaps the alias.
      onOlderLayout(older);
      return;
    }
    // Fields added to the layout since the index was made are added to it too (adding is always
    // compatible; a changed field needs a reindex, and this call then fails loudly).
    await client.indices.putMapping({
      index: alias,
      body: { properties: releaseIndexTemplate(alias).template.mappings.properties } as never,
    });
    return;
  }
  try {
    await client.indices.create({
      index: versionedIndexName(alias),
      body: { aliases: { [alias]: { is_write_index: true } } } as never,
    });
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
}
