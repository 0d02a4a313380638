/**
 * `npm run gazette -- <command>`: operator commands.
 *   dead-letters list      the events the indexer could not index, with the reason
 *   dead-letters redrive   publish them again on their original subjects, and remove them
 * Reads NATS_URL, NATS_STREAM and NATS_SUBJECT_PREFIX like the services.
 */
import { connect } from "nats";
import { commonConfigShape, loadConfig } from "@gazette/shared";
import { listDeadLetters, redriveDeadLetters } from "../services/indexer/src/dead-letters.ts";

const usage = "usage: npm run gazette -- dead-letters list|redrive";
const [group, command] = process.argv.slice(2);
if (group !== "dead-letters" || (command !== "list" && command !== "redrive")) {
  console.error(usage);
  process.exit(2);
}

const config = loadConfig(commonConfigShape, process.env);
const names = { stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX };
const nats = await connect({ servers: config.NATS_URL.split(",") });
try {
  const jsm = await nats.jetstreamManager();
  if (command === "list") {
    const letters = await listDeadLetters(jsm, names);
    for (const letter of letters) {
      console.log(JSON.stringify({ sequence: letter.sequence, originalSubject: letter.originalSubject, originalSequence: letter.originalSequence, reason: letter.reason, bytes: letter.data.length }));
    }
    console.error(`${letters.length} dead letter(s)`);
  } else {
    console.error(`re-driven: ${await redriveDeadLetters(nats.jetstream(), jsm, names)}`);
  }
} finally {
  await nats.close();
}
