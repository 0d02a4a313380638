import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { analysisLanguageOf, createOpenSearchClient, searchFieldNames, type OpenSearchClient } from "@gazette/shared";
import { bulkWriteDocuments } from "../src/index/bulk-writer.ts";
import { ensureReleaseIndex } from "../src/index/index-setup.ts";
import { releaseToDocument } from "../src/index/release-presenter.ts";
import { uniqueNames } from "../../../test/support/names.ts";
import { releaseEvent } from "../../../test/support/release-events.ts";
import { sampleRelease } from "../../../test/support/sample-release.ts";

/** The sample's title says only "реабилитации и реинтеграции". */
const russianText = `<p>${sampleRelease().title}</p>`;

/** Inflected forms people type, against texts that only hold other forms. */
const cases = [
  { language: "ru", query: "реабилитация", body: russianText, mustNotContain: "реабилитация" },
  { language: "ru", query: "реинтеграция", body: russianText, mustNotContain: "реинтеграция" },
  {
    language: "en",
    query: "rehabilitating",
    body: "<p>The rehabilitation of returned citizens continues.</p>",
    mustNotContain: "rehabilitating",
  },
  {
    language: "kk",
    query: "оңалту",
    body: "<p>Елорда азаматтарын оңалтуға арналған орталық ашылды.</p>",
    mustNotContain: "оңалту ",
  },
  {
    language: "kk",
    query: "азамат",
    body: "<p>Елорда азаматтарын оңалтуға арналған орталық ашылды.</p>",
    mustNotContain: "азамат ",
  },
  {
    language: "kk",
    query: "елорданың",
    body: "<p>Елорда азаматтарын оңалтуға арналған орталық ашылды.</p>",
    mustNotContain: "елорданың",
  },
  {
    language: "en",
    query: "citizen",
    body: "<p>The rehabilitation of returned citizens continues.</p>",
    mustNotContain: "citizen ",
  },
];

describe("language-aware analysis in the real index", () => {
  const alias = uniqueNames("analysis").OPENSEARCH_INDEX;
  let client: OpenSearchClient;

  beforeAll(async () => {
    client = createOpenSearchClient(inject("opensearchUrl"));
    await ensureReleaseIndex(client, alias);
    const documents = cases.map(({ language, body }, i) => ({
      document: releaseToDocument(releaseEvent({ externalId: `analysis-${i}`, release: { language, body } })),
      version: 1,
    }));
    expect((await bulkWriteDocuments(client, alias, documents)).map((outcome) => outcome.kind)).toEqual(
      cases.map(() => "written"),
    );
    await client.indices.refresh({ index: alias });
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${alias}-v*` });
    await client.close();
  });

  it.each(cases.map((c, i) => [c.query, c.language, i] as const))(
    "%s (%s) finds the text that says it another way",
    async (query, language, i) => {
      expect(cases[i]!.body.toLowerCase()).not.toContain(cases[i]!.mustNotContain);
      const analysed = analysisLanguageOf(language);
      const fields = [
        searchFieldNames.title(analysed),
        searchFieldNames.summary(analysed),
        searchFieldNames.body(analysed),
      ];
      const response = await client.search({
        index: alias,
        body: {
          query: { bool: { must: [{ simple_query_string: { query, fields } }], filter: [{ term: { language } }] } },
        } as never,
      });
      const ids = (response.body.hits.hits as { _source: { externalId: string } }[]).map(
        (hit) => hit._source.externalId,
      );
      expect(ids).toContain(`analysis-${i}`);
    },
  );
});
