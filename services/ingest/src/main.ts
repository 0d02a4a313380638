import { createLogger, exitOnSignals } from "@gazette/shared";
import { loadIngestConfig } from "./config.ts";
import { startIngest } from "./service.ts";

const config = loadIngestConfig(process.env);
const logger = createLogger("ingest", config.LOG_LEVEL);
const service = await startIngest(config, logger);
exitOnSignals(logger, service.stop);
