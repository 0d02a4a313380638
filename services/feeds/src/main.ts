import { createLogger, exitOnSignals } from "@gazette/shared";
import { loadFeedsConfig } from "./config.ts";
import { startFeeds } from "./service.ts";

const config = loadFeedsConfig(process.env);
const logger = createLogger("feeds", config.LOG_LEVEL);
const service = await startFeeds(config, logger);
exitOnSignals(logger, service.stop);
