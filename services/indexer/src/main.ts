import { runService } from "@gazette/shared";
import { loadIndexerConfig } from "./config.ts";
import { startIndexer } from "./service.ts";

await runService("indexer", loadIndexerConfig, startIndexer, "INDEXER_PORT");
