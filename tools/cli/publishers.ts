import { parseArgs } from "node:util";
import {
  addPublisher,
  loadIngestConfig,
  readPublisherRegistryJson,
  rotateKey,
  writePublisherRegistryJson,
} from "@gazette/ingest";

const usage = `usage:
  npm run gazette -- publisher add <id> --name-ru "…" [--name-kk "…"] [--name-en "…"] [--file publishers.json]
  npm run gazette -- publisher list [--file publishers.json]
  npm run gazette -- key rotate <id> [--revoke-old] [--file publishers.json]
The file is --file, else PUBLISHERS_FILE. A new key is printed once, on stdout; only its sha256 is kept.`;

/** `publisher add|list` and `key rotate`: edit the registry file ingest reads (and reloads by itself). */
export async function publisherCommand(group: "publisher" | "key", args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      file: { type: "string" },
      "revoke-old": { type: "boolean", default: false },
      "name-ru": { type: "string" },
      "name-kk": { type: "string" },
      "name-en": { type: "string" },
      "name-uz": { type: "string" },
    },
  });
  const [command, id] = positionals;
  const file = values.file ?? loadIngestConfig(process.env).PUBLISHERS_FILE;
  const known =
    (group === "publisher" && (command === "add" || command === "list")) || (group === "key" && command === "rotate");
  if (!known || file === undefined || (command !== "list" && id === undefined)) {
    console.error(file === undefined ? `set PUBLISHERS_FILE or pass --file\n${usage}` : usage);
    return 2;
  }
  if (command === "list") {
    for (const publisher of (await readPublisherRegistryJson(file)).publishers)
      console.log(JSON.stringify({ id: publisher.id, name: publisher.name, keys: publisher.keySha256.length }));
    return 0;
  }
  const registry = await readPublisherRegistryJson(file, command === "add");
  const names = Object.fromEntries(
    Object.entries({
      ru: values["name-ru"],
      kk: values["name-kk"],
      en: values["name-en"],
      uz: values["name-uz"],
    }).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1].trim() !== ""),
  );
  const edit = command === "add" ? addPublisher(registry, id!, names) : rotateKey(registry, id!, values["revoke-old"]);
  await writePublisherRegistryJson(file, edit.registry);
  console.log(edit.apiKey);
  console.error(
    `${command === "add" ? `added publisher ${id}` : `new key for ${id}${values["revoke-old"] ? "; its other keys are revoked" : "; its other keys still work until rotated with --revoke-old"}`}. Keep the key above: it is not stored and cannot be shown again.`,
  );
  return 0;
}
