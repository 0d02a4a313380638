import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

/** IPTC's published ninjs schemas, as ../shared/schemas/ninjs holds them (provenance and licence there). */
const schemaDir = join(import.meta.dirname, "..", "..", "..", "shared", "schemas", "ninjs");
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
// Both schemas refer to GeoJSON's (for `places[].geojson`) on geojson.org, which this machine cannot
// fetch. Gazette sends no places, so any document of ours that used one would be wrong anyway: the
// stand-in accepts nothing.
ajv.addSchema({ $id: "https://geojson.org/schema/GeoJSON.json", not: {} });

/** A validator per ninjs version. */
export const ninjsValidators: Record<"2.2" | "3.1", ValidateFunction> = {
  "2.2": ajv.compile(JSON.parse(readFileSync(join(schemaDir, "ninjs-schema_2.2.json"), "utf8")) as object),
  "3.1": ajv.compile(JSON.parse(readFileSync(join(schemaDir, "ninjs-schema_3.1.json"), "utf8")) as object),
};
