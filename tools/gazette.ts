/**
 * `npm run gazette -- <command>`: operator commands (docs/operations.md, "The command line").
 * Every command takes --help (stdout, exit 0); a wrong option or argument exits 2 with the usage on
 * stderr; a failure exits 1 with the reason; --json prints what was done as JSON on stdout.
 */
import {
  backupHelp,
  deadLettersHelp,
  publisherHelp,
  reindexHelp,
  restoreHelp,
  secretsHelp,
  upstreamsHelp,
} from "./cli/usage.ts";

/** Each command's module is loaded only to run it: `--help` and usage need none of them (nor NATS, OpenSearch). */
const backup = () => import("./cli/backup.ts");
const publishers = () => import("./cli/publishers.ts");

interface Command {
  summary: string;
  help: string;
  run(args: string[]): Promise<number>;
}

const commands: Record<string, Command> = {
  publisher: {
    summary: "publisher add|list: the publishers ingest accepts",
    help: publisherHelp,
    run: async (args) => (await publishers()).publisherCommand("publisher", args),
  },
  key: {
    summary: "key rotate <id>: a new API key for a publisher",
    help: publisherHelp,
    run: async (args) => (await publishers()).publisherCommand("key", args),
  },
  reindex: {
    summary: "a new index of the current layout, swapped in",
    help: reindexHelp,
    run: async (args) => (await import("./cli/reindex.ts")).reindexCommand(args),
  },
  "dead-letters": {
    summary: "dead-letters list|redrive: events the indexer refused",
    help: deadLettersHelp,
    run: async (args) => (await import("./cli/dead-letters.ts")).deadLettersCommand(args),
  },
  upstreams: {
    summary: "the pull adapter's feeds: last poll, next poll and why",
    help: upstreamsHelp,
    run: async (args) => (await import("./cli/upstreams.ts")).upstreamsCommand(args),
  },
  secrets: {
    summary: "secrets init: a deployment's secrets",
    help: secretsHelp,
    run: async (args) => (await import("./cli/secrets.ts")).secretsCommand(args),
  },
  backup: {
    summary: "a backup of the record of truth, its check, or a schedule",
    help: backupHelp,
    run: async (args) => (await backup()).backupCommand(args),
  },
  restore: {
    summary: "a backup back into NATS",
    help: restoreHelp,
    run: async (args) => (await backup()).restoreCommand(args),
  },
};

const overview = `usage: npm run gazette -- <command> [options]
       docker compose run --rm backup <command> [options]      (the cli image, in production)

${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(13)} ${command.summary}`)
  .join("\n")}

npm run gazette -- <command> --help says more. Commands read the services' settings
(docs/configuration.md); NATS as the admin user with NATS_CREDS_FILE on a secured deployment.
`;

/** node:util parseArgs's complaints (an unknown option, a missing value): the user's mistake, exit 2. */
const isUsageError = (error: unknown) =>
  typeof (error as { code?: unknown }).code === "string" &&
  ((error as { code: string }).code.startsWith("ERR_PARSE_ARGS") ||
    (error as { code: string }).code === "ERR_INVALID_ARG_VALUE");

const [name, ...args] = process.argv.slice(2);
const command = name === undefined ? undefined : commands[name];
if (name === "--help" || name === "-h" || name === "help") process.stdout.write(overview);
else if (command === undefined) {
  process.stderr.write(`${name === undefined ? "" : `gazette: no command ${name}\n\n`}${overview}`);
  process.exitCode = 2;
} else if (args.includes("--help") || args.includes("-h")) process.stdout.write(command.help);
else {
  try {
    process.exitCode = await command.run(args);
  } catch (error) {
    if (isUsageError(error)) {
      console.error(`gazette ${name}: ${(error as Error).message}\n\n${command.help}`);
      process.exitCode = 2;
    } else {
      console.error(`gazette ${name}: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
}
