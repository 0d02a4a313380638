/**
 * The write watermark: how far this indexer has written, published for feeds.
 */
export { WatermarkPublisher } from "./watermark-publisher.ts";
export { VisibilityConfirmer } from "./visibility-confirmer.ts";
export { WriteWatermark } from "./write-watermark.ts";
