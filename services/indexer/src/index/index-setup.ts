import type { OpenSearchClient } from "@gazette/shared";
import {
  indexLayoutVersion,
  layoutVersionOf,
  releaseIndexTemplate,
  singleNodeTopology,
  versionedIndexName,
  type IndexTopology,
} from "./index-template.ts";

/** The OpenSearch nodes lack Gazette's analysis plugin, which the index's analysis needs (ADR 0030). */
export class AnalysisPluginMissing extends Error {
  constructor(cause: unknown) {
    super(
      "OpenSearch lacks Gazette's analysis plugin (gazette-analysis), or has a build older than this indexer, " +
        "and the release index's analysis needs its filters: install the current build on every node (compose: `docker compose build opensearch`; elsewhere " +
        "`mvn -f tools/opensearch-analysis/pom.xml package`, then `bin/opensearch-plugin install " +
        "file:///…/gazette-analysis-1.0.0.zip` and a restart). See docs/operations.md, Upgrading.",
      { cause },
    );
    this.name = "AnalysisPluginMissing";
  }
}

/** The parts of the index's analysis settings the plugin probe reads. */
export interface AnalysisComponents {
  filter: Record<string, { type: string }>;
  char_filter: Record<string, { type: string }>;
}

/**
 * The `_analyze` request that asks OpenSearch for every token and character filter type of the plugin
 * the index's analysis uses (one definition of each, with its settings, and no index): a node without
 * the plugin, or with a build older than the indexer, lacks one of them and refuses it.
 */
export function pluginProbeRequest(analysis: AnalysisComponents): {
  tokenizer: string;
  char_filter: { type: string }[];
  filter: { type: string }[];
  text: string;
} {
  const pluginTypes = (components: Record<string, { type: string }>) => {
    const byType = new Map<string, { type: string }>();
    for (const component of Object.values(components))
      if (component.type.startsWith("gazette_") && !byType.has(component.type)) byType.set(component.type, component);
    return [...byType.values()];
  };
  return {
    tokenizer: "standard",
    char_filter: pluginTypes(analysis.char_filter),
    filter: pluginTypes(analysis.filter),
    text: "қ паводок",
  };
}

/** Whether OpenSearch knows every filter type of the plugin that the release index's analysis uses. */
async function hasAnalysisPlugin(client: OpenSearchClient, analysis: AnalysisComponents): Promise<boolean> {
  try {
    await client.indices.analyze({ body: pluginProbeRequest(analysis) as never });
    return true;
  } catch (error) {
    return !saysPluginMissing(JSON.stringify((error as { body?: unknown }).body ?? String(error)));
  }
}

/** Whether OpenSearch's answer to a request using the plugin's filters says it does not know one of them. */
export function saysPluginMissing(answer: string): boolean {
  return /Unknown (?:char_)?filter type \[gazette_[a-z_]+\]|failed to find global (?:token |char_)?filter under \[gazette_[a-z_]+\]/i.test(
    answer,
  );
}

function isAlreadyExists(error: unknown): boolean {
  const type = (error as { body?: { error?: { type?: string } } }).body?.error?.type;
  return type === "resource_already_exists_exception";
}

/**
 * An alias looked up among the indices it may point to (`<alias>*`), not all of a cluster's: a user
 * whose role names only Gazette's indices may ask it (ADR 0021), and the answer is the same.
 */
export function aliasOf(alias: string): { index: string; name: string } {
  return { index: `${alias}*`, name: alias };
}

export interface EnsureIndexOptions {
  /** Shards and replicas of new indices; replicas are applied to the current one too. Default: one node. */
  topology?: IndexTopology;
  /** Told the indices behind the alias that have an older layout (they keep serving until a reindex). */
  onOlderLayout?: (indices: string[]) => void;
  /** Told the indices whose shard count differs from the topology's (only a reindex changes it). */
  onOtherShards?: (indices: string[]) => void;
}

/**
 * Makes the release index ready: puts the index template, and when the alias does not exist yet,
 * creates the first versioned index behind it; an existing one gets the topology's replicas.
 * Idempotent and safe with several indexers at once.
 */
export async function ensureReleaseIndex(
  client: OpenSearchClient,
  alias: string,
  options: EnsureIndexOptions = {},
): Promise<void> {
  const topology = options.topology ?? singleNodeTopology;
  const template = releaseIndexTemplate(alias, topology);
  try {
    await client.indices.putIndexTemplate({ name: `${alias}-template`, body: template as never });
  } catch (error) {
    const analysis = template.template.settings.analysis as unknown as AnalysisComponents;
    if (!(await hasAnalysisPlugin(client, analysis))) throw new AnalysisPluginMissing(error);
    throw error;
  }
  const exists = await client.indices.existsAlias(aliasOf(alias));
  if (exists.body === true) {
    const indices = Object.keys((await client.indices.getAlias(aliasOf(alias))).body as object);
    const older = indices.filter((index) => (layoutVersionOf(index) ?? indexLayoutVersion) < indexLayoutVersion);
    await applyReplicas(client, indices, topology, options.onOtherShards);
    if (older.length > 0) {
      // An index of an older layout keeps serving (documents fit it: a new layout changes analysis)
      // until `npm run gazette -- reindex` builds the new one and swaps the alias. Fields the documents
      // gained since are added to it (only those it lacks: its own fields keep their older analysis),
      // or its strict mapping would refuse every new document.
      await addMissingFields(client, indices, template.template.mappings.properties);
      options.onOlderLayout?.(older);
      return;
    }
    // Fields added to the layout since the index was made are added to it too (adding is always
    // compatible; a changed field needs a reindex, and this call then fails loudly).
    await client.indices.putMapping({
      index: alias,
      body: { properties: template.template.mappings.properties } as never,
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

/** Adds to each index the top-level fields of `properties` it does not have yet. */
async function addMissingFields(
  client: OpenSearchClient,
  indices: string[],
  properties: Record<string, unknown>,
): Promise<void> {
  for (const index of indices) {
    const mapping = (await client.indices.getMapping({ index })).body as Record<
      string,
      { mappings?: { properties?: Record<string, unknown> } }
    >;
    const present = mapping[index]?.mappings?.properties ?? {};
    const missing = Object.fromEntries(Object.entries(properties).filter(([name]) => !(name in present)));
    if (Object.keys(missing).length > 0)
      await client.indices.putMapping({ index, body: { properties: missing } as never });
  }
}

/** Replicas are a dynamic setting: the current indices get the topology's. Shards are not: those are told. */
async function applyReplicas(
  client: OpenSearchClient,
  indices: string[],
  topology: IndexTopology,
  onOtherShards: ((indices: string[]) => void) | undefined,
): Promise<void> {
  const settings = (await client.indices.getSettings({ index: indices.join(",") })).body as Record<
    string,
    { settings: { index: { number_of_shards: string; number_of_replicas: string } } }
  >;
  const otherReplicas = indices.filter(
    (index) => Number(settings[index]?.settings.index.number_of_replicas) !== topology.replicas,
  );
  if (otherReplicas.length > 0)
    await client.indices.putSettings({
      index: otherReplicas.join(","),
      body: { index: { number_of_replicas: topology.replicas } } as never,
    });
  const otherShards = indices.filter(
    (index) => Number(settings[index]?.settings.index.number_of_shards) !== topology.shards,
  );
  if (otherShards.length > 0) onOtherShards?.(otherShards);
}
