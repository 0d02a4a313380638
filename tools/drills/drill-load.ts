/**
 * What every fault drill measures (issue 17): a steady load of releases posted to ingest — new ones
 * and new versions of earlier ones — while a fault is made and mended, then the count of releases
 * ingest acknowledged against the releases finally searchable at the version acknowledged.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createOpenSearchClient, releaseIdFor, type OpenSearchSettings } from "@gazette/shared";

export interface DrillResult {
  drill: string;
  /** Releases (at their last acknowledged version) ingest answered 202 for. */
  acknowledged: number;
  /**
   * Of those, found in the index at the right version in the end: the acknowledged one, or the record
   * of truth's later one where a later request for the release went unanswered or got a 503 and was
   * stored all the same (a write ingest could not confirm in time: a stream leader lost mid-write).
   */
  indexed: number;
  /** Acknowledged but never indexed at the right version, or gone from the record of truth (must be 0). */
  lost: number;
  /** Releases whose record of truth holds a later version than acknowledged, from a request answered 503 or not at all. */
  storedUnconfirmed: number;
  /** 5xx answers seen, by status; only 503 with Retry-After is allowed while a dependency is away. */
  serverErrors: Record<string, number>;
  /** 5xx answers without Retry-After, or other than 503. */
  badServerErrors: number;
  /** Requests that got no answer (a killed ingest process, a connection refused). */
  unanswered: number;
  /** 4xx answers (none expected: the drills' stacks lift the rate limit). */
  refused: number;
  /**
   * From the fault's end (the process or node back; the load stops then) until the moment from which
   * every acknowledged release was searchable, in s (requests in flight then count once answered).
   */
  recoverySeconds: number;
}

export interface DrillLoadOptions {
  /** Ingest base URLs; requests go round them. */
  ingestUrls: string[];
  /** Where to check (a comma-separated list of URLs for a cluster, with its admin's sign-in where secured) and the alias. */
  opensearch: OpenSearchSettings | string;
  alias: string;
  /** Requests per second (bounded: these machines have 2 cores). Default 20. */
  ratePerSecond?: number;
  /** Only this many releases, each updated again and again (bursts of versions of the same releases). */
  sameReleases?: number;
  apiKey?: string;
}

/** A running load: `stop()` ends it and resolves with what was acknowledged. */
export function startDrillLoad(options: DrillLoadOptions) {
  const rate = options.ratePerSecond ?? 20;
  const run = `drill-${Date.now()}`;
  const acknowledged = new Map<string, number>();
  /** Releases a request for which got a 5xx or no answer: their write may have been stored all the same. */
  const unconfirmed = new Set<string>();
  const serverErrors: Record<string, number> = {};
  let badServerErrors = 0;
  let unanswered = 0;
  let refused = 0;
  let stopped = false;
  let sent = 0;
  const post = async (externalId: string, n: number) => {
    const url = options.ingestUrls[n % options.ingestUrls.length]!;
    const body = JSON.stringify({
      externalId,
      title: `Учения ${run}: выпуск ${externalId}, версия ${n}`,
      body: `<p>Проверка отказоустойчивости. Запрос ${n}.</p>`,
      language: "ru",
    });
    try {
      const response = await fetch(`${url}/v1/releases`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.apiKey ?? "demo-key"}`, "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      const answer = (await response.json().catch(() => ({}))) as { version?: number };
      if (response.status === 202 || response.status === 200) {
        const version = answer.version ?? 0;
        acknowledged.set(externalId, Math.max(acknowledged.get(externalId) ?? 0, version));
      } else if (response.status < 500) {
        refused++;
      } else {
        unconfirmed.add(externalId);
        serverErrors[response.status] = (serverErrors[response.status] ?? 0) + 1;
        if (response.status !== 503 || !response.headers.has("retry-after")) badServerErrors++;
      }
    } catch {
      unconfirmed.add(externalId);
      unanswered++;
    }
  };
  const inFlight = new Set<Promise<void>>();
  const loop = (async () => {
    const started = Date.now();
    while (!stopped) {
      // One in three requests is a new version of an earlier release (updates race with the fault too),
      // or every one is, of a few releases.
      const n = sent++;
      const externalId =
        options.sameReleases !== undefined
          ? `${run}-${n % options.sameReleases}`
          : n % 3 === 2
            ? `${run}-${Math.floor(n / 3)}`
            : `${run}-${n}`;
      const request = post(externalId, n).finally(() => inFlight.delete(request));
      inFlight.add(request);
      const due = started + (sent * 1000) / rate;
      await sleep(Math.max(0, due - Date.now()));
    }
    await Promise.all(inFlight);
  })();
  return {
    /** Releases acknowledged so far, at their latest acknowledged version (live). */
    acknowledged: acknowledged as ReadonlyMap<string, number>,
    async stop() {
      stopped = true;
      await loop;
      return { acknowledged, unconfirmed, serverErrors, badServerErrors, unanswered, refused, sent };
    },
  };
}

/**
 * Watches the index until every release acknowledged so far is in it at its right version, and
 * `answered` has resolved (no more acknowledgements can come), or the deadline. `wanted()` gives the
 * versions, read again each round: requests still in flight when the fault was mended add to them
 * while this watches.
 * Returns how many are indexed and `seconds`: from the start until the moment from which every
 * acknowledged release was searchable (a release acknowledged late cannot be searchable before).
 */
export async function waitIndexed(
  options: DrillLoadOptions,
  wanted: () => ReadonlyMap<string, number>,
  answered: Promise<unknown> = Promise.resolve(),
  progress: (indexed: number, of: number, seconds: number) => void = () => {},
  deadlineMs = 180_000,
): Promise<{ indexed: number; seconds: number }> {
  const client = createOpenSearchClient(options.opensearch);
  let allAnswered = false;
  void answered.then(() => {
    allAnswered = true;
  });
  const started = Date.now();
  let indexed = 0;
  let lastIndexed = -1;
  let allIndexedSince: number | undefined;
  try {
    while (Date.now() - started < deadlineMs) {
      const noMoreToCome = allAnswered;
      const versions = new Map(
        [...wanted()].map(([externalId, version]) => [releaseIdFor("demo", externalId), version]),
      );
      indexed = 0;
      const ids = [...versions.keys()];
      for (let i = 0; i < ids.length; i += 500) {
        const response = await client
          .mget({ index: options.alias, body: { ids: ids.slice(i, i + 500) }, _source_includes: ["version"] } as never)
          .catch(() => undefined);
        const docs =
          (response?.body as { docs?: { _id: string; found: boolean; _source?: { version: number } }[] })?.docs ?? [];
        indexed += docs.filter((doc) => doc.found && doc._source?.version === versions.get(doc._id)).length;
      }
      if (indexed !== lastIndexed) progress(indexed, versions.size, (Date.now() - started) / 1000);
      lastIndexed = indexed;
      if (indexed === versions.size) allIndexedSince ??= Date.now();
      else allIndexedSince = undefined;
      if (allIndexedSince !== undefined && noMoreToCome) break;
      await sleep(250);
    }
    return {
      indexed,
      seconds: ((allIndexedSince ?? Date.now()) - started) / 1000,
    };
  } finally {
    await client.close();
  }
}

/**
 * Runs one drill: a load from the start; `fault()` after `faultAfterMs`; `mend()` after `mendAfterMs`
 * more; the load ends once mended, and the recovery time is from then until the moment from which
 * every acknowledged release is searchable at its version (the goal: within 5 s). Requests in flight
 * at the mend are answered meanwhile (while NATS was away, only after ingest's 5 s publish timeout):
 * the ones acknowledged count as they come, the time they take to be answered does not.
 */
export async function runDrill(
  drill: string,
  options: DrillLoadOptions & { faultAfterMs?: number; mendAfterMs?: number },
  fault: () => Promise<void>,
  mend: () => Promise<void>,
  log: (message: string) => void = () => {},
): Promise<DrillResult> {
  const load = startDrillLoad(options);
  await sleep(options.faultAfterMs ?? 5000);
  log(`${drill}: fault`);
  await fault();
  await sleep(options.mendAfterMs ?? 7000);
  log(`${drill}: mending`);
  await mend();
  const mendedAt = Date.now();
  // The load stops now; requests still in flight are answered meanwhile (some only after a timeout),
  // and those acknowledged count as they come. Then the record of truth is asked about each release a
  // request for which went unconfirmed: a later version stored all the same is the one to find.
  const later = new Map<string, number>();
  const stopped = load.stop().then(async (loaded) => {
    log(
      `${drill}: load stopped ${((Date.now() - mendedAt) / 1000).toFixed(1)} s after mending; ${loaded.sent} sent, ${loaded.acknowledged.size} releases acknowledged`,
    );
    for (const externalId of loaded.unconfirmed) {
      const acknowledgedVersion = loaded.acknowledged.get(externalId);
      if (acknowledgedVersion === undefined) continue;
      const stored = await storedVersion(options, externalId);
      if (stored > acknowledgedVersion) later.set(externalId, stored);
    }
    if (later.size > 0) {
      log(
        `${drill}: ${later.size} releases stored at a later version than acknowledged (a request answered 503 or not at all)`,
      );
    }
    return loaded;
  });
  const wanted = () => new Map([...load.acknowledged, ...later]);
  // How the backlog drains after the fault (a steady climb is throughput; a flat stretch is waiting).
  const { indexed, seconds } = await waitIndexed(options, wanted, stopped, (count, of, after) =>
    log(`${drill}: ${count} of ${of} indexed ${after.toFixed(1)} s after mending`),
  );
  const loaded = await stopped;
  if (indexed < loaded.acknowledged.size) await explainLost(options, wanted(), log);
  return {
    drill,
    acknowledged: loaded.acknowledged.size,
    indexed,
    lost: loaded.acknowledged.size - indexed,
    storedUnconfirmed: later.size,
    serverErrors: loaded.serverErrors,
    badServerErrors: loaded.badServerErrors,
    unanswered: loaded.unanswered,
    refused: loaded.refused,
    recoverySeconds: Math.round(seconds * 10) / 10,
  };
}

/**
 * The version the record of truth holds (ingest's `GET /v1/releases/:externalId`), asked until ingest
 * answers (it is back: the fault is mended); 0 if it holds none.
 */
async function storedVersion(options: DrillLoadOptions, externalId: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(
      `${options.ingestUrls[attempt % options.ingestUrls.length]}/v1/releases/${encodeURIComponent(externalId)}`,
      { headers: { authorization: `Bearer ${options.apiKey ?? "demo-key"}` }, signal: AbortSignal.timeout(15_000) },
    ).catch(() => undefined);
    if (response?.status === 200) return ((await response.json()) as { release: { version: number } }).release.version;
    if (response?.status === 404) return 0;
    if (attempt >= 60)
      throw new Error(`the record of ${externalId}: ingest answered ${response?.status ?? "nothing"} for a minute`);
    await sleep(1000);
  }
}

/**
 * Says, for each acknowledged release not found at its right version, what the index holds and what
 * the record of truth holds: a lost write, or an indexer behind.
 */
async function explainLost(
  options: DrillLoadOptions,
  wanted: ReadonlyMap<string, number>,
  log: (message: string) => void,
): Promise<void> {
  const client = createOpenSearchClient(options.opensearch);
  try {
    const ids = [...wanted.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      const response = await client.mget({
        index: options.alias,
        body: { ids: slice.map((externalId) => releaseIdFor("demo", externalId)) },
        _source_includes: ["version"],
      } as never);
      const docs = (response.body as { docs: { found: boolean; _source?: { version: number } }[] }).docs;
      for (const [k, externalId] of slice.entries()) {
        const inIndex = docs[k]?.found ? docs[k]?._source?.version : undefined;
        if (inIndex === wanted.get(externalId)) continue;
        const stored = await storedVersion(options, externalId).catch((error: Error) => error.message);
        log(
          `not found at its version: ${externalId} wanted v${wanted.get(externalId)}, index ${inIndex === undefined ? "none" : `v${inIndex}`}, record of truth ${typeof stored === "number" ? `v${stored}` : stored}`,
        );
      }
    }
  } finally {
    await client.close();
  }
}
