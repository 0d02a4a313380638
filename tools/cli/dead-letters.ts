import { parseArgs } from "node:util";
import { connect } from "@nats-io/transport-node";
import { natsConnectionOptions } from "@gazette/shared";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { listDeadLetters, loadIndexerConfig, redriveDeadLetters } from "@gazette/indexer";
import { startProgress } from "../progress/progress.ts";
import { deadLettersHelp } from "./usage.ts";

/** `dead-letters list|redrive`; reads NATS_URL, NATS_STREAM and NATS_SUBJECT_PREFIX like the services. */
export async function deadLettersCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean", default: false } },
  });
  const [command] = positionals;
  if ((command !== "list" && command !== "redrive") || positionals.length > 1) {
    process.stderr.write(deadLettersHelp);
    return 2;
  }
  const config = loadIndexerConfig(process.env);
  const names = { stream: config.NATS_STREAM, subjectPrefix: config.NATS_SUBJECT_PREFIX };
  const nats = await connect(natsConnectionOptions(config, "admin"));
  try {
    const jsm = await jetstreamManager(nats);
    if (command === "list") {
      const letters = (await listDeadLetters(jsm, names)).map((letter) => ({
        sequence: letter.sequence,
        originalSubject: letter.originalSubject,
        originalSequence: letter.originalSequence,
        reason: letter.reason,
        bytes: letter.data.length,
      }));
      if (values.json) console.log(JSON.stringify({ letters }));
      else for (const letter of letters) console.log(JSON.stringify(letter));
      console.error(`${letters.length} dead letter(s)`);
    } else {
      const progress = startProgress({ label: "dead-letters: re-driving", unit: "letters" });
      const count = await redriveDeadLetters(jetstream(nats), jsm, names, (done, total) =>
        progress.update(done, total),
      );
      progress.finish();
      if (values.json) console.log(JSON.stringify({ redriven: count }));
      console.error(`re-driven: ${count}`);
    }
  } finally {
    await nats.close();
  }
  return 0;
}
