import { runService } from "@gazette/shared";
import { loadIngestConfig } from "./config.ts";
import { startIngest } from "./service.ts";

await runService("ingest", loadIngestConfig, startIngest, "INGEST_PORT");
