import { parseArgs } from "node:util";
import {
  addPublisher,
  loadIngestConfig,
  readPublisherRegistryJson,
  rotateKey,
  writePublisherRegistryJson,
} from "@gazette/ingest";
import { publisherHelp } from "./usage.ts";

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
      json: { type: "boolean", default: false },
    },
  });
  const [command, id] = positionals;
  const file = values.file ?? loadIngestConfig(process.env).PUBLISHERS_FILE;
  const known =
    (group === "publisher" && (command === "add" || command === "list")) || (group === "key" && command === "rotate");
  if (!known || file === undefined || (command !== "list" && id === undefined)) {
    process.stderr.write(file === undefined ? `set PUBLISHERS_FILE or pass --file\n\n${publisherHelp}` : publisherHelp);
    return 2;
  }
  if (command === "list") {
    const publishers = (await readPublisherRegistryJson(file)).publishers.map((publisher) => ({
      id: publisher.id,
      name: publisher.name,
      keys: publisher.keySha256.length,
    }));
    if (values.json) console.log(JSON.stringify({ publishers }));
    else for (const publisher of publishers) console.log(JSON.stringify(publisher));
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
  console.log(values.json ? JSON.stringify({ publisher: id, apiKey: edit.apiKey }) : edit.apiKey);
  console.error(
    `${command === "add" ? `added publisher ${id}` : `new key for ${id}${values["revoke-old"] ? "; its other keys are revoked" : "; its other keys still work until rotated with --revoke-old"}`}. Keep the key above: it is not stored and cannot be shown again.`,
  );
  return 0;
}
