/**
 * What each Gazette user may do on NATS (pure): least privilege per service, in NATS subjects. A
 * service may create its own streams and buckets if they are missing, write them and read them; read
 * the few it needs of others'; nobody but the admin may update, purge or delete a stream, delete a
 * message, or publish where another service writes. Every client takes its replies on an inbox prefix
 * of its own (`_INBOX_<user>`), so no service can read another's replies. ADR 0021.
 */

/** The NATS names a deployment uses (the services' config; defaults in their config modules). */
export interface GazetteNatsNames {
  /** NATS_STREAM (`RELEASES`). */
  stream: string;
  /** NATS_SUBJECT_PREFIX (`gazette.releases`). */
  subjectPrefix: string;
  /** INGEST_RELEASES_BUCKET (`releases`). */
  releasesBucket: string;
  /** PUBLISHERS_BUCKET (`publishers`). */
  publishersBucket: string;
  /** INGEST_UPSTREAMS_BUCKET (`upstreams`). */
  upstreamsBucket: string;
  /** REPORTS_BUCKET (`reports`). */
  reportsBucket: string;
  /** FEEDS_WEBSUB_BUCKET (`websub`). */
  websubBucket: string;
  /** INDEXER_DURABLE (`indexer`). */
  indexerDurable: string;
}

export const defaultNatsNames: GazetteNatsNames = {
  stream: "RELEASES",
  subjectPrefix: "gazette.releases",
  releasesBucket: "releases",
  publishersBucket: "publishers",
  upstreamsBucket: "upstreams",
  reportsBucket: "reports",
  websubBucket: "websub",
  indexerDurable: "indexer",
};

export type GazetteUser = "ingest" | "indexer" | "feeds" | "admin";
export const gazetteUsers: readonly GazetteUser[] = ["ingest", "indexer", "feeds", "admin"];

export interface UserPermissions {
  pub: { allow: string[]; deny: string[] };
  sub: { allow: string[]; deny: string[] };
  /** May answer requests it receives (one answer each, within `ttlMs`), to whatever reply subject they name. */
  resp?: { max: number; ttlMs: number };
}

/** The inbox prefix a user's connection takes its replies on (the services set it from their credentials). */
export const inboxPrefixOf = (user: GazetteUser): string => `_INBOX_${user}`;

const api = "$JS.API";
const kvStream = (bucket: string) => `KV_${bucket}`;
const kvSubjects = (bucket: string) => `$KV.${bucket}.>`;

/** Reading a stream: its info, single messages, and consumers of one's own on it (ordered watches). */
function readStream(stream: string): string[] {
  return [
    `${api}.STREAM.INFO.${stream}`,
    `${api}.STREAM.MSG.GET.${stream}`,
    `${api}.DIRECT.GET.${stream}`,
    `${api}.DIRECT.GET.${stream}.>`,
    `${api}.CONSUMER.CREATE.${stream}`,
    `${api}.CONSUMER.CREATE.${stream}.>`,
    `${api}.CONSUMER.INFO.${stream}.>`,
    `${api}.CONSUMER.MSG.NEXT.${stream}.>`,
    `$JS.ACK.${stream}.>`,
  ];
}

/** A stream of one's own: read it, create it when missing (never change it), manage consumers on it. */
function ownStream(stream: string): string[] {
  return [
    ...readStream(stream),
    `${api}.STREAM.CREATE.${stream}`,
    `${api}.CONSUMER.DURABLE.CREATE.${stream}.>`,
    `${api}.CONSUMER.DELETE.${stream}.>`,
  ];
}

/** A bucket of one's own: its stream, and writes to its keys. */
const ownBucket = (bucket: string) => [...ownStream(kvStream(bucket)), kvSubjects(bucket)];
const readBucket = (bucket: string) => readStream(kvStream(bucket));

/** What nobody but the admin may ask, whatever an allow rule says. */
const destructive = [
  `${api}.STREAM.UPDATE.>`,
  `${api}.STREAM.DELETE.>`,
  `${api}.STREAM.PURGE.>`,
  `${api}.STREAM.MSG.DELETE.>`,
  `${api}.STREAM.SNAPSHOT.>`,
  `${api}.STREAM.RESTORE.>`,
  `${api}.STREAM.PEER.REMOVE.>`,
  `${api}.STREAM.LEADER.STEPDOWN.>`,
  `${api}.META.>`,
  `${api}.SERVER.>`,
  `${api}.ACCOUNT.>`,
];

/** Each user's permissions for a deployment's names. */
export function natsPermissions(names: GazetteNatsNames = defaultNatsNames): Record<GazetteUser, UserPermissions> {
  const watermarks = `${names.stream}_watermarks`;
  const deadLetters = `${names.stream}_DEAD`;
  const indexed = `${names.subjectPrefix}_indexed`;
  // The indexer asks ingest to publish every release's event again (a lost index rebuilt, ADR 0022).
  const replay = `${names.subjectPrefix}_replay`;
  const relayDurable = "ingest-event-relay";
  const common = [`${api}.INFO`];
  const user = (name: GazetteUser, pub: string[], sub: string[] = []): UserPermissions => ({
    pub: { allow: [...common, ...pub], deny: [...destructive] },
    sub: { allow: [`${inboxPrefixOf(name)}.>`, ...sub], deny: [] },
  });
  return {
    // Ingest: the record of truth, its outbox relay's durable consumer on it, and the release events.
    ingest: {
      ...user(
        "ingest",
        [
          // The event stream: made when missing, and published to; no consumer of it (the indexer's is not ingest's to touch).
          `${api}.STREAM.INFO.${names.stream}`,
          `${api}.STREAM.CREATE.${names.stream}`,
          `${names.subjectPrefix}.>`,
          ...ownBucket(names.releasesBucket),
          `${api}.CONSUMER.INFO.${kvStream(names.releasesBucket)}.${relayDurable}`,
          ...ownBucket(names.publishersBucket),
          ...ownBucket(names.upstreamsBucket),
          ...ownBucket(names.reportsBucket),
        ],
        [replay],
      ),
      // The answer to a replay request goes to the indexer's inbox; one answer, within the replay's half hour.
      resp: { max: 1, ttlMs: 30 * 60_000 },
    },
    // The indexer: consumes the events (its durable consumer), never publishes one; its own buckets.
    indexer: user(
      "indexer",
      [
        ...readStream(names.stream),
        `${api}.STREAM.CREATE.${names.stream}`,
        `${api}.CONSUMER.DURABLE.CREATE.${names.stream}.${names.indexerDurable}`,
        ...ownStream(deadLetters),
        `${names.subjectPrefix}_dead.>`,
        ...ownBucket(watermarks),
        ...ownBucket("locks"),
        ...ownBucket(names.reportsBucket),
        indexed,
        replay,
      ],
      [],
    ),
    // Feeds: reads the publishers' names and the watermarks; writes its WebSub subscriptions and counts.
    feeds: user(
      "feeds",
      [
        ...readBucket(names.publishersBucket),
        ...readBucket(watermarks),
        ...ownBucket(names.websubBucket),
        ...ownBucket(names.reportsBucket),
      ],
      [indexed],
    ),
    // The operators' CLI: backups, restores, reindex, dead letters, provisioning.
    admin: { pub: { allow: [">"], deny: [] }, sub: { allow: [">"], deny: [] } },
  };
}
