/**
 * docs/configuration.md, generated from the services' config schemas (which variables, which service
 * reads each, what values they take) and the comment each schema field carries (what it is, its
 * default). `node tools/docs/configuration-docs.ts --write` writes the page; test/docs.test.ts fails
 * when the page and the schemas differ.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { feedsConfigShape } from "@gazette/feeds";
import { indexerConfigShape } from "@gazette/indexer";
import { ingestConfigShape } from "@gazette/ingest";

const root = join(import.meta.dirname, "..", "..");
export const configurationDocPath = join(root, "docs", "configuration.md");
const sources = [
  "packages/shared/src/platform/config.ts",
  "services/ingest/src/config.ts",
  "services/indexer/src/config.ts",
  "services/feeds/src/config.ts",
];
const services = { ingest: ingestConfigShape, indexer: indexerConfigShape, feeds: feedsConfigShape } as const;

/** Each variable's doc comment in the config modules, as one line of text. */
export function fieldComments(): Map<string, string> {
  const comments = new Map<string, string>();
  for (const file of sources) {
    const text = readFileSync(join(root, file), "utf8");
    for (const match of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*([A-Z][A-Z0-9_]+):/g)) {
      const comment = match[1]!
        .split("\n")
        .map((line) => line.replace(/^\s*\*\s?/, "").trim())
        .filter((line) => line !== "")
        .join(" ");
      comments.set(match[2]!, comment);
    }
  }
  return comments;
}

/** The values a field takes, from its schema: a range, a list; empty where any text does. */
function allowedValues(field: z.ZodType): string {
  const schema = z.toJSONSchema(field, { io: "input", unrepresentable: "any" }) as {
    type?: string;
    minimum?: number;
    maximum?: number;
    enum?: unknown[];
    format?: string;
  };
  if (schema.enum !== undefined) return schema.enum.map((value) => `\`${String(value)}\``).join(", ");
  if (schema.minimum !== undefined || schema.maximum !== undefined)
    return `${schema.type === "integer" ? "whole number " : ""}${schema.minimum ?? "…"}–${schema.maximum ?? "…"}`;
  if (schema.format === "uri") return "a URL";
  return "";
}

/** The page's markdown. */
export function configurationDoc(): string {
  const comments = fieldComments();
  const readers = new Map<string, string[]>();
  const fields = new Map<string, z.ZodType>();
  for (const [service, shape] of Object.entries(services))
    for (const [name, field] of Object.entries(shape)) {
      readers.set(name, [...(readers.get(name) ?? []), service]);
      fields.set(name, field as z.ZodType);
    }
  const everywhere = (name: string) => readers.get(name)!.length === Object.keys(services).length;
  const names = [...fields.keys()].sort((a, b) =>
    everywhere(a) === everywhere(b) ? a.localeCompare(b) : everywhere(a) ? -1 : 1,
  );
  const rows = names.map((name) => {
    const comment = comments.get(name);
    if (comment === undefined) throw new Error(`${name} has no doc comment in its config module`);
    const allowed = allowedValues(fields.get(name)!);
    return `| \`${name}\` | ${everywhere(name) ? "all" : readers.get(name)!.join(", ")} | ${comment.replaceAll("|", "\\|")}${allowed === "" ? "" : ` (${allowed})`} |`;
  });
  return `# Configuration

Generated from the config schemas of the services (\`node tools/docs/configuration-docs.ts --write\`;
\`test/docs.test.ts\` checks it is current). Each service reads only its own variables, validates them at
start and stops with a message naming any bad one; an empty value counts as unset. With
\`NODE_ENV=production\` (the container images) ingest refuses to start without \`PUBLISHERS_FILE\` and
\`INGEST_EVENT_SIGNING_KEY_FILE\`, the indexer without \`INDEXER_EVENT_VERIFY_KEY_FILE\`, feeds with a
loopback \`PUBLIC_BASE_URL\` ([ADR 0021](adr/0021-trusted-data-plane.md)). The command line
(\`npm run gazette\`) reads the same variables as the services it stands in for. Compose's own:
\`GAZETTE_PUBLIC_HOST\`, \`GAZETTE_INGEST_HOST\`, \`GAZETTE_BACKUP_EVERY_SECONDS\` (3600),
\`GAZETTE_BACKUP_KEEP\` (48); see [operations.md](operations.md).

| variable | read by | what it is |
|---|---|---|
${rows.join("\n")}
`;
}

if (process.argv.includes("--write")) {
  writeFileSync(configurationDocPath, configurationDoc());
  console.log(`wrote ${configurationDocPath}`);
}
