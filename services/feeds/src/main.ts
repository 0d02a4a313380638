import { runService } from "@gazette/shared";
import { loadFeedsConfig } from "./config.ts";
import { startFeeds } from "./service.ts";

await runService("feeds", loadFeedsConfig, startFeeds, "FEEDS_PORT");
