import { headers as natsHeaders } from "@nats-io/transport-node";
import {
  DiscardPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from "@nats-io/jetstream";
import { ensureStream, type ReleaseEventNames } from "@gazette/shared";

/** Where events the indexer gave up on are kept, with why: `<stream>_DEAD`, subjects `<prefix>_dead.>`. */
export function deadLetterNames(names: ReleaseEventNames): { stream: string; subject: string } {
  return { stream: `${names.stream}_DEAD`, subject: `${names.subjectPrefix}_dead` };
}

export const deadLetterHeaders = {
  reason: "Gazette-Dead-Reason",
  subject: "Gazette-Original-Subject",
  sequence: "Gazette-Original-Seq",
} as const;

/** Dead letters are kept 30 days, and at most 100,000 of them (the oldest dropped first). */
export const deadLettersMaxAgeMs = 30 * 86_400_000;
export const deadLettersMaxMessages = 100_000;

export async function ensureDeadLetterStream(
  jsm: JetStreamManager,
  names: ReleaseEventNames,
  replicas = 1,
): Promise<void> {
  const dead = deadLetterNames(names);
  await ensureStream(jsm, {
    num_replicas: replicas,
    name: dead.stream,
    subjects: [`${dead.subject}.>`],
    storage: StorageType.File,
    description: "Release events the indexer could not index, with the reason",
    // Bounded (ADR 0022): a flood of forged or broken events cannot fill the disk; the oldest go first.
    max_age: deadLettersMaxAgeMs * 1_000_000,
    max_msgs: deadLettersMaxMessages,
    discard: DiscardPolicy.Old,
  });
}

/** Stores a copy of `message` with the reason; resolves once JetStream has it (only then may the original be acked). */
export async function sendToDeadLetters(
  js: JetStreamClient,
  names: ReleaseEventNames,
  message: JsMsg,
  reason: string,
): Promise<void> {
  const dead = deadLetterNames(names);
  const headers = natsHeaders();
  headers.set(deadLetterHeaders.reason, reason.slice(0, 1000).replace(/[\r\n]+/g, " "));
  headers.set(deadLetterHeaders.subject, message.subject);
  headers.set(deadLetterHeaders.sequence, String(message.seq));
  await js.publish(`${dead.subject}.${message.seq}`, message.data, {
    headers,
    msgID: `dead-${names.stream}-${message.seq}`,
  });
}

export interface DeadLetter {
  sequence: number;
  originalSubject: string;
  originalSequence: number;
  reason: string;
  data: Uint8Array;
}

/** Every dead letter, oldest first. */
export async function listDeadLetters(jsm: JetStreamManager, names: ReleaseEventNames): Promise<DeadLetter[]> {
  const dead = deadLetterNames(names);
  const info = await jsm.streams.info(dead.stream);
  const letters: DeadLetter[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const stored = await jsm.streams.getMessage(dead.stream, { seq }).catch(() => null);
    if (stored === null) continue;
    letters.push({
      sequence: seq,
      originalSubject: stored.header.get(deadLetterHeaders.subject),
      originalSequence: Number(stored.header.get(deadLetterHeaders.sequence)),
      reason: stored.header.get(deadLetterHeaders.reason),
      data: stored.data,
    });
  }
  return letters;
}

/** Publishes each dead letter again on its original subject, then removes it from the dead-letter stream. */
export async function redriveDeadLetters(
  js: JetStreamClient,
  jsm: JetStreamManager,
  names: ReleaseEventNames,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const dead = deadLetterNames(names);
  let count = 0;
  const letters = await listDeadLetters(jsm, names);
  for (const letter of letters) {
    await js.publish(letter.originalSubject, letter.data);
    await jsm.streams.deleteMessage(dead.stream, letter.sequence);
    count++;
    onProgress(count, letters.length);
  }
  return count;
}
