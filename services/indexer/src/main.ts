import { createLogger, exitOnSignals } from "@gazette/shared";
import { loadIndexerConfig } from "./config.ts";
import { startIndexer } from "./service.ts";

const config = loadIndexerConfig(process.env);
const logger = createLogger("indexer", config.LOG_LEVEL);
const service = await startIndexer(config, logger);
exitOnSignals(logger, service.stop);
