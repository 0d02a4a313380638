import { type RequestHandler, Router } from "express";
import { GazetteError } from "@gazette/shared";
import { publishedRelease, storiesOf, type ReleaseReader } from "../read/index.ts";
import {
  ChangesParamsSchema,
  parseQuery,
  ReleaseParamsSchema,
  SearchParamsSchema,
  SuggestParamsSchema,
  withinLimit,
} from "../http/index.ts";
import { ninjsMediaType, ninjsOf, type NinjsVersion } from "../feeds/index.ts";
import { changesView, releaseDetailView, searchView, suggestionsView } from "./views.ts";
import { type SearchCache, sendCacheable, noDeliveryCounts, type DeliveryCounts } from "../http-cache/index.ts";

/**
 * How far the list of changes is final (ADR 0010): /v1/changes lists only changes stamped at or before
 * it, so a mirror that follows the cursor never misses one written a moment earlier elsewhere.
 */
export type ChangesCompleteThrough = () => Date;

/** How many related releases a release's detail lists. */
const relatedCount = 5;

export interface ApiRoutesOptions {
  releases: ReleaseReader;
  publicBaseUrl: string;
  readLimit: RequestHandler;
  completeThrough: ChangesCompleteThrough;
  searches: SearchCache;
  /** A publisher's name in a language. Default: its id. */
  publisherName?: (id: string, language?: string) => string;
  counts?: DeliveryCounts;
  /** Whether the indexer is rebuilding a lost index: search answers 503 meanwhile (ADR 0022). Default: never. */
  rebuilding?: () => boolean;
}

/** The JSON API: search, the change log for mirrors, title completions, a release in full. */
export function apiRoutes(options: ApiRoutesOptions): Router {
  const { releases, publicBaseUrl, readLimit, completeThrough, searches } = options;
  const publisherName = options.publisherName ?? ((id: string) => id);
  const counts = options.counts ?? noDeliveryCounts;
  const rebuilding = options.rebuilding ?? (() => false);
  const router = Router();
  const query = (req: { query: unknown }) => req.query as Record<string, unknown>;

  // A repeated search is answered from the search cache; only a search that runs counts against the limit.
  router.get("/v1/search", async (req, res) => {
    // An archive being rebuilt would answer as if it were complete: say so instead, and when to come back.
    if (rebuilding())
      throw new GazetteError("SEARCH_UNAVAILABLE", "The search index is being rebuilt; retry later.", {
        headers: { "Retry-After": "30" },
      });
    const params = parseQuery(SearchParamsSchema, query(req));
    let answer = searches.cached(params);
    if (answer === undefined) {
      await withinLimit(readLimit, req, res);
      answer = await searches.build(params, async () => {
        const result = await releases.search(params);
        const found = result.hits.map((hit) => hit.document);
        const stories = params.collapse === "story" ? await storiesOf(releases, found) : undefined;
        const publishers = found.map((document) => document.publisher);
        return { body: searchView(result, params.size, publicBaseUrl, stories, publisherName), publishers };
      });
    }
    // A search answered from the cache found the same publishers' releases: it counts as well.
    if (params.q !== undefined) counts.searched(params.q, answer.publishers ?? []);
    sendCacheable(req, res, answer, "application/json; charset=utf-8", 0);
  });

  // A complete, ordered log of changes for mirrors: follow nextCursor for ever; no page cap.
  router.get("/v1/changes", readLimit, async (req, res) => {
    const { since, size } = parseQuery(ChangesParamsSchema, query(req));
    const page = await releases.changes(completeThrough(), size, since);
    res.json(changesView(page, since, publicBaseUrl));
  });

  router.get("/v1/suggest", readLimit, async (req, res) => {
    const params = parseQuery(SuggestParamsSchema, query(req));
    const suggestions = await releases.suggest(params);
    if (params.format === "opensearch") {
      const titles = suggestions.map((document) => document.title);
      res.type("application/x-suggestions+json").send(JSON.stringify([params.q, titles]));
      return;
    }
    res.json(suggestionsView(suggestions, publicBaseUrl));
  });

  // JSON by default; IPTC ninjs for `Accept: application/ninjs+json` (`; version=3.1`) or `?format=ninjs` (`&version=3.1`).
  router.get("/v1/releases/:id", async (req, res) => {
    const { document, translations } = await publishedRelease(releases, req.params.id);
    res.vary("Accept");
    const ninjs = ninjsRequest(req.get("accept"), parseQuery(ReleaseParamsSchema, query(req)));
    if (ninjs !== undefined) {
      const name = publisherName(document.publisher, document.language);
      const body = ninjsOf(document, { version: ninjs, publicBaseUrl, publisherName: name });
      res.type(`${ninjsMediaType}; version=${ninjs}; charset=utf-8`).send(JSON.stringify(body));
      return;
    }
    const [related, stories] = await Promise.all([
      releases.related(document.id, relatedCount),
      storiesOf(releases, [document]),
    ]);
    res.json(releaseDetailView(document, translations, related, publicBaseUrl, stories));
  });
  return router;
}

/**
 * The ninjs version a request asks for, if it asks for ninjs: `?format=ninjs` (with `version`), or an
 * Accept header naming application/ninjs+json (with a `version` parameter). 2.2 unless 3.1 is asked.
 */
export function ninjsRequest(
  accept: string | undefined,
  params: { format?: "json" | "ninjs"; version?: NinjsVersion },
): NinjsVersion | undefined {
  if (params.format === "json") return undefined;
  const wanted = (accept ?? "")
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .find((part) => part.startsWith(ninjsMediaType));
  if (params.format !== "ninjs" && wanted === undefined) return undefined;
  const fromAccept = /;\s*version\s*=\s*"?(\d+\.\d+)/.exec(wanted ?? "")?.[1];
  return params.version ?? (fromAccept === "3.1" ? "3.1" : "2.2");
}
