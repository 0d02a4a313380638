import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  duplicateWindowMs,
  ensureReleaseStream,
  releaseEventMessageId,
  releaseEventsMaxAgeMs,
  releaseEventSubject,
} from "@gazette/shared";
import { uniqueNames } from "../../../test/support/names.ts";

describe("the release stream on real JetStream", () => {
  const { NATS_STREAM: stream, NATS_SUBJECT_PREFIX: subjectPrefix } = uniqueNames("stream");
  const names = { stream, subjectPrefix };
  let nats: NatsConnection;

  beforeAll(async () => {
    nats = await connect({ servers: inject("natsUrl") });
  });
  afterAll(async () => {
    await (await jetstreamManager(nats)).streams.delete(stream).catch(() => undefined);
    await nats.close();
  });

  it("is created idempotently, even by several services at once, with file storage and a duplicate window", async () => {
    const jsm = await jetstreamManager(nats);
    const infos = await Promise.all([
      ensureReleaseStream(jsm, names),
      ensureReleaseStream(jsm, names),
      ensureReleaseStream(jsm, names),
    ]);
    for (const info of infos) {
      expect(info.config.storage).toBe("file");
      expect(info.config.duplicate_window).toBe(duplicateWindowMs * 1_000_000);
      expect(info.config.subjects).toEqual([`${subjectPrefix}.>`]);
      // Bounded: events are notices, the record of truth is ingest's bucket (ADR 0022).
      expect(info.config.max_age).toBe(releaseEventsMaxAgeMs * 1_000_000);
    }
  });

  it("drops a re-published event with the same Nats-Msg-Id", async () => {
    const js = jetstream(nats);
    const subject = releaseEventSubject(names, "release.published", "mci-kz");
    const msgID = releaseEventMessageId("mci-kz-abc", 1);
    const first = await js.publish(subject, "{}", { msgID });
    const again = await js.publish(subject, "{}", { msgID });
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.seq).toBe(first.seq);
    const info = await (await jetstreamManager(nats)).streams.info(stream);
    expect(info.state.messages).toBe(1);
  });
});
