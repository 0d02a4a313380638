/**
 * The search eval: the corpus goes in through ingest (the real push path), the indexer writes it into
 * OpenSearch, and every query is asked of feeds' `GET /v1/search`, as a portal asks it. Pure metric
 * functions below; `evaluateSearch` wires the services (in this process, on names of their own) and
 * removes everything it made.
 */
import { connect } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { createLogger, releaseIdFor, type RunningService, kvStreamName, watermarksBucketOf } from "@gazette/shared";
import { loadFeedsConfig, startFeeds } from "@gazette/feeds";
import { loadIndexerConfig, startIndexer } from "@gazette/indexer";
import { loadIngestConfig, startIngest } from "@gazette/ingest";
import { freePort } from "../../tools/opensearch-local/opensearch-local.ts";
import { evalCorpus } from "./corpus.ts";
import { evalQueries, type EvalQuery, type QueryKind } from "./queries.ts";

export interface QueryOutcome {
  q: string;
  kind: QueryKind;
  expect: string[];
  /** Keys of the top 10 results (of the suggested query for typos), best first. */
  top: string[];
  total: number;
  suggestion?: string;
  recall: number;
  reciprocalRank: number;
  ndcg: number;
  /** What went wrong, if anything: a missed release, a hit for a must-be-empty query, a forbidden release. */
  failure?: string;
}

export interface KindSummary {
  queries: number;
  recall: number;
  mrr: number;
  ndcgAt10: number;
  failures: number;
}

export interface SearchEvalReport {
  at: string;
  corpus: { releases: number; byLanguage: Record<string, number> };
  queries: number;
  byKind: Record<string, KindSummary>;
  /** Over every query that must find something (all kinds but must-be-empty). */
  mustFind: KindSummary;
  exactTitleAtRank1: { of: number; atRank1: number };
  outcomes: QueryOutcome[];
}

/** Recall, reciprocal rank and nDCG@10 (binary relevance) of a ranked list against the expected keys. */
export function rankMetrics(
  top: readonly string[],
  expected: readonly string[],
): { recall: number; reciprocalRank: number; ndcg: number } {
  if (expected.length === 0) return { recall: 1, reciprocalRank: 1, ndcg: 1 };
  const ranked = top.slice(0, 10);
  const found = expected.filter((key) => ranked.includes(key)).length;
  const firstRelevant = ranked.findIndex((key) => expected.includes(key));
  const dcg = ranked.reduce((sum, key, i) => sum + (expected.includes(key) ? 1 / Math.log2(i + 2) : 0), 0);
  const ideal = expected.slice(0, 10).reduce((sum, _key, i) => sum + 1 / Math.log2(i + 2), 0);
  return {
    recall: found / expected.length,
    reciprocalRank: firstRelevant === -1 ? 0 : 1 / (firstRelevant + 1),
    ndcg: dcg / ideal,
  };
}

export function summarize(outcomes: readonly QueryOutcome[]): KindSummary {
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  return {
    queries: outcomes.length,
    recall: mean(outcomes.map((o) => o.recall)),
    mrr: mean(outcomes.map((o) => o.reciprocalRank)),
    ndcgAt10: mean(outcomes.map((o) => o.ndcg)),
    failures: outcomes.filter((o) => o.failure !== undefined).length,
  };
}

/** Judges one answer: missed releases, hits for a must-be-empty query, forbidden releases, a title not at rank 1. */
export function judge(query: EvalQuery, top: string[], total: number, suggestion?: string): QueryOutcome {
  const metrics = rankMetrics(top, query.expect);
  const problems: string[] = [];
  if (query.kind === "must-be-empty" && total > 0) problems.push(`${total} hit(s): ${top.slice(0, 3).join(", ")}`);
  const missed = query.expect.filter((key) => !top.slice(0, 10).includes(key));
  if (missed.length > 0) problems.push(`missed ${missed.join(", ")} (top: ${top.slice(0, 5).join(", ") || "nothing"})`);
  const forbidden = (query.mustNot ?? []).filter((key) => top.includes(key));
  if (forbidden.length > 0) problems.push(`returned ${forbidden.join(", ")}, which it must not`);
  if (query.kind === "exact-title" && top[0] !== query.expect[0])
    problems.push(`title at rank ${top.indexOf(query.expect[0]!) + 1 || "none"}`);
  return {
    q: query.q,
    kind: query.kind,
    expect: query.expect,
    top,
    total,
    ...(suggestion === undefined ? {} : { suggestion }),
    ...metrics,
    ...(problems.length === 0 ? {} : { failure: problems.join("; ") }),
  };
}

export function report(outcomes: QueryOutcome[]): SearchEvalReport {
  const kinds = [...new Set(outcomes.map((o) => o.kind))];
  const titles = outcomes.filter((o) => o.kind === "exact-title");
  const byLanguage: Record<string, number> = {};
  for (const release of evalCorpus) byLanguage[release.language] = (byLanguage[release.language] ?? 0) + 1;
  return {
    at: new Date().toISOString(),
    corpus: { releases: evalCorpus.length, byLanguage },
    queries: outcomes.length,
    byKind: Object.fromEntries(kinds.map((kind) => [kind, summarize(outcomes.filter((o) => o.kind === kind))])),
    mustFind: summarize(outcomes.filter((o) => o.kind !== "must-be-empty")),
    exactTitleAtRank1: { of: titles.length, atRank1: titles.filter((o) => o.top[0] === o.expect[0]).length },
    outcomes,
  };
}

interface SearchAnswer {
  total: number;
  hits: { id: string }[];
  suggestion?: string;
  showingResultsFor?: string;
}

/** Loads the corpus through ingest, waits until all of it is searchable, asks every query of feeds. */
export async function evaluateSearch(options: {
  natsUrl: string;
  opensearchUrl: string;
  log?: (line: string) => void;
}): Promise<SearchEvalReport> {
  const log = options.log ?? (() => {});
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const env: Record<string, string> = {
    NATS_URL: options.natsUrl,
    OPENSEARCH_URL: options.opensearchUrl,
    NATS_STREAM: `EVAL_${suffix}`,
    NATS_SUBJECT_PREFIX: `eval-${suffix}.releases`,
    INGEST_RELEASES_BUCKET: `eval-${suffix}`,
    INDEXER_DURABLE: `eval-${suffix}`,
    OPENSEARCH_INDEX: `eval-${suffix}`,
    FEEDS_WEBSUB_BUCKET: `eval-websub-${suffix}`,
    LOG_LEVEL: "warn",
    INGEST_PORT: "0",
    INDEXER_PORT: "0",
    FEEDS_PORT: String(await freePort()),
    INDEXER_FLUSH_MS: "50",
    // Every query comes from this one address.
    FEEDS_READ_RATE_LIMIT_PER_MINUTE: "1000000",
  };
  const logger = createLogger("search-eval", "warn");
  const services: RunningService[] = [];
  try {
    services.push(await startIndexer(loadIndexerConfig(env), logger));
    services.push(await startIngest(loadIngestConfig(env), logger));
    services.push(await startFeeds(loadFeedsConfig(env), logger));
    const ingest = `http://127.0.0.1:${services[1]!.port}`;
    const feeds = `http://127.0.0.1:${env["FEEDS_PORT"]}`;
    const releases = evalCorpus.map(({ key, ...release }) => ({ externalId: key, ...release }));
    const posted = await fetch(`${ingest}/v1/releases:batch`, {
      method: "POST",
      headers: { authorization: "Bearer demo-key", "content-type": "application/json" },
      body: JSON.stringify({ releases }),
    });
    const results = ((await posted.json()) as { results: { status: string; problem?: unknown }[] }).results;
    const refused = results.filter((result) => result.status === "failed");
    if (posted.status !== 200 || refused.length > 0)
      throw new Error(`ingest refused part of the corpus: ${JSON.stringify(refused)}`);
    log(`search-eval: ${releases.length} releases posted; waiting until they are searchable…`);
    await waitIndexed(options.opensearchUrl, env["OPENSEARCH_INDEX"]!, releases.length);
    const keyOf = new Map(evalCorpus.map((release) => [releaseIdFor("demo", release.key), release.key]));
    const ask = async (q: string): Promise<SearchAnswer> => {
      const response = await fetch(`${feeds}/v1/search?${new URLSearchParams({ q, size: "10" })}`);
      if (response.status !== 200)
        throw new Error(`GET /v1/search?q=${q}: ${response.status} ${await response.text()}`);
      return (await response.json()) as SearchAnswer;
    };
    const outcomes: QueryOutcome[] = [];
    for (const query of evalQueries) {
      let answer = await ask(query.q);
      const suggestion = answer.suggestion;
      // A typo is answered with its correction's results (`showingResultsFor`); where the answer only
      // suggests (the query found a little), the person who mistyped follows "did you mean".
      if (query.kind === "typo" && answer.showingResultsFor === undefined && suggestion !== undefined)
        answer = await ask(suggestion);
      outcomes.push(
        judge(
          query,
          answer.hits.map((hit) => keyOf.get(hit.id) ?? hit.id),
          answer.total,
          suggestion,
        ),
      );
    }
    return report(outcomes);
  } finally {
    for (const service of services.reverse()) await service.stop();
    const nats = await connect({ servers: options.natsUrl });
    const jsm = await jetstreamManager(nats);
    for (const stream of [
      env["NATS_STREAM"]!,
      `${env["NATS_STREAM"]}_DEAD`,
      kvStreamName(env["INGEST_RELEASES_BUCKET"]!),
      kvStreamName(watermarksBucketOf({ stream: env["NATS_STREAM"]!, subjectPrefix: env["NATS_SUBJECT_PREFIX"]! })),
      kvStreamName(env["FEEDS_WEBSUB_BUCKET"]!),
    ])
      await jsm.streams.delete(stream).catch(() => undefined);
    await nats.close();
    await fetch(`${options.opensearchUrl}/${env["OPENSEARCH_INDEX"]}-v*`, { method: "DELETE" });
    await fetch(`${options.opensearchUrl}/_index_template/${env["OPENSEARCH_INDEX"]}-template`, { method: "DELETE" });
  }
}

async function waitIndexed(opensearchUrl: string, alias: string, expected: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${opensearchUrl}/${alias}/_count`);
    const count = response.ok ? ((await response.json()) as { count: number }).count : 0;
    if (count >= expected) break;
    if (Date.now() > deadline) throw new Error(`only ${count} of ${expected} releases were indexed within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await fetch(`${opensearchUrl}/${alias}/_refresh`, { method: "POST" });
}
