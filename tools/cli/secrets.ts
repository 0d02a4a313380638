import { parseArgs } from "node:util";
import { ensureSecrets } from "../secrets/secrets.ts";

export const secretsHelp = `usage: npm run gazette -- secrets init --dir <folder> [--host <name>]... [--alias <alias>]

Makes every secret of a deployment that the folder lacks (SECURITY.md lists them and how to rotate each):
our CA and the certificates of NATS, OpenSearch and the TLS edge; NATS's operator, accounts and one user
per service (.creds) with least privilege; OpenSearch's users and its security plugin's configuration;
the Ed25519 key pair that signs release events. What is there is kept.

  --dir <folder>   where the secrets go (made 0700; files 0600)
  --host <name>    a host name the certificates must also be valid for (repeatable): the public
                   name of the edge, compose's service names are always included
  --alias <alias>  the OpenSearch alias the roles cover (default releases: releases*)
  --json           print what was made as JSON
`;

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
