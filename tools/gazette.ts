/**
 * `npm run gazette -- <command>`: operator commands.
 *   dead-letters list|redrive                 the events the indexer could not index
 *   publisher add <id> --name-ru … | list     the publishers ingest accepts
 *   key rotate <id> [--revoke-old]            a new API key for a publisher
 *   reindex [--from records|stream] [--delete-old]   a new index version, then an atomic alias swap
 *   upstreams [--json]                        the pull adapter's upstream feeds: last poll, outcome, counts
 *   secrets init --dir <folder>               a deployment's secrets (CA, certificates, NATS users, OpenSearch users, keys)
 *   backup --to <folder> | --verify <folder>  a backup of everything Gazette cannot rebuild, or its check
 *   restore --from <folder> [--force]         a backup back into NATS
 */
import { deadLettersCommand } from "./cli/dead-letters.ts";
import { publisherCommand } from "./cli/publishers.ts";
import { reindexCommand } from "./cli/reindex.ts";
import { backupCommand, restoreCommand } from "./cli/backup.ts";
import { secretsCommand } from "./cli/secrets.ts";
import { upstreamsCommand } from "./cli/upstreams.ts";

const [group, ...args] = process.argv.slice(2);
try {
  if (group === "dead-letters") process.exitCode = await deadLettersCommand(args);
  else if (group === "publisher" || group === "key") process.exitCode = await publisherCommand(group, args);
  else if (group === "reindex") process.exitCode = await reindexCommand(args);
  else if (group === "upstreams") process.exitCode = await upstreamsCommand(args);
  else if (group === "secrets") process.exitCode = await secretsCommand(args);
  else if (group === "backup") process.exitCode = await backupCommand(args);
  else if (group === "restore") process.exitCode = await restoreCommand(args);
  else {
    console.error(
      "usage: npm run gazette -- dead-letters list|redrive | publisher add|list … | key rotate … | reindex … | upstreams [--json] | secrets init --dir … | backup --to|--verify … | restore --from …",
    );
    process.exitCode = 2;
  }
} catch (error) {
  console.error(`gazette: ${(error as Error).message}`);
  process.exitCode = 1;
}
