import { parseArgs } from "node:util";
import { ensureSecrets } from "../secrets/secrets.ts";
import { secretsHelp } from "./usage.ts";

/** `secrets init`: a deployment's secrets, made where missing. */
export async function secretsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      dir: { type: "string" },
      host: { type: "string", multiple: true, default: [] },
      alias: { type: "string", default: "releases" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(secretsHelp);
    return 0;
  }
  if (positionals[0] !== "init" || values.dir === undefined) {
    process.stderr.write(secretsHelp);
    return 2;
  }
  const composeNames = [
    "nats",
    "nats-1",
    "nats-2",
    "nats-3",
    "opensearch",
    "opensearch-1",
    "opensearch-2",
    "opensearch-3",
    "edge",
  ];
  const secrets = await ensureSecrets(values.dir, {
    hostNames: [...composeNames, ...values.host],
    alias: values.alias,
  });
  if (values.json) console.log(JSON.stringify({ dir: secrets.dir, ca: secrets.caFile }));
  else console.log(`secrets in ${secrets.dir} (CA ${secrets.caFile}); keep ca-key.pem off the servers`);
  return 0;
}
