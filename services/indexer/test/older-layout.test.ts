import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createOpenSearchClient, type OpenSearchClient } from "@gazette/shared";
import { ensureReleaseIndex } from "../src/index/index-setup.ts";
import { indexLayoutVersion, releaseIndexTemplate } from "../src/index/index-template.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { dropReleaseIndex } from "../../../test/support/release-index.ts";

describe("an index of an older layout, after an upgrade (real OpenSearch)", () => {
  const alias = uniqueNames("older-layout").OPENSEARCH_INDEX;
  let client: OpenSearchClient;

  beforeAll(() => {
    client = createOpenSearchClient(inject("opensearchUrl"));
  });

  afterAll(async () => {
    await dropReleaseIndex(client, alias);
  });

  it("keeps serving, is reported, and gains the fields documents gained since (or its strict mapping refuses them)", async () => {
    // The previous layout's index: today's template without the `history` field (layout 6 added it).
    const { template } = releaseIndexTemplate(alias);
    const { history: _added, ...properties } = template.mappings.properties as Record<string, unknown>;
    const older = `${alias}-v${indexLayoutVersion - 1}`;
    await client.indices.create({
      index: older,
      body: {
        settings: template.settings,
        mappings: { ...template.mappings, properties },
        aliases: { [alias]: { is_write_index: true } },
      } as never,
    });
    const reported: string[][] = [];
    await ensureReleaseIndex(client, alias, { onOlderLayout: (indices) => reported.push(indices) });
    expect(reported).toEqual([[older]]);
    const mapping = (await client.indices.getMapping({ index: older })).body as Record<
      string,
      { mappings: { properties: Record<string, unknown> } }
    >;
    expect(mapping[older]?.mappings.properties["history"]).toEqual({ type: "object", enabled: false });
    // A document with a history is taken.
    const written = await client.index({
      index: alias,
      id: "with-history",
      body: { id: "with-history", history: [{ version: 1, at: "2026-12-01T10:00:00Z", change: "published" }] } as never,
      refresh: true,
    });
    expect(written.body.result).toBe("created");
  });
});

describe("aliases whose names begin alike (real OpenSearch)", () => {
  const base = uniqueNames("alike").OPENSEARCH_INDEX;
  // `<base>-v*` also matches `<base>-versions-v6`: the two templates overlap.
  const longer = `${base}-versions`;
  let client: OpenSearchClient;

  beforeAll(() => {
    client = createOpenSearchClient(inject("opensearchUrl"));
  });

  afterAll(async () => {
    await dropReleaseIndex(createOpenSearchClient(inject("opensearchUrl")), longer);
    await dropReleaseIndex(client, base);
  });

  it("set up side by side, whichever comes first (overlapping templates of one priority were refused)", async () => {
    await ensureReleaseIndex(client, longer);
    await ensureReleaseIndex(client, base);
    const aliases = (await client.indices.getAlias({ index: `${base}*` })).body as Record<
      string,
      { aliases: Record<string, unknown> }
    >;
    expect(
      Object.entries(aliases)
        .map(([index, { aliases: names }]) => [index.replace(/-v\d+$/, ""), Object.keys(names)])
        .sort(),
    ).toEqual([
      [base, [base]],
      [longer, [longer]],
    ]);
  });
});
