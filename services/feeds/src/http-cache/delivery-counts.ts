import { readerFamilyOf, type DeliveryReportRecorder } from "@gazette/shared";
import type { RenderedFeed } from "./feed-cache.ts";

/**
 * What feeds counts for the publishers' delivery reports (ADR 0017): polls of feeds holding their
 * releases (by reader family, 200 or 304), WebSub deliveries of such feeds, and searches whose page
 * of results holds them. Counts only: the User-Agent is reduced to its family on the spot.
 */
export interface DeliveryCounts {
  feedAnswered(feed: RenderedFeed, userAgent: string | undefined, status: number): void;
  websubDelivery(outcome: "delivered" | "retried" | "gone" | "given_up", publishers: readonly string[]): void;
  searched(query: string, publishers: readonly string[]): void;
}

/** Counts nothing: for apps built without a report bucket (unit tests, benches). */
export const noDeliveryCounts: DeliveryCounts = {
  feedAnswered: () => {},
  websubDelivery: () => {},
  searched: () => {},
};

export function recordedDeliveryCounts(recorder: DeliveryReportRecorder): DeliveryCounts {
  return {
    feedAnswered(feed, userAgent, status) {
      if (feed.publishers === undefined || feed.publishers.length === 0 || (status !== 200 && status !== 304)) return;
      const delta = {
        kind: "poll",
        family: readerFamilyOf(userAgent),
        status: status === 200 ? "ok" : "notModified",
      } as const;
      for (const publisher of feed.publishers) recorder.record(publisher, delta);
    },
    websubDelivery(outcome, publishers) {
      const counted = outcome === "delivered" ? "delivered" : outcome === "retried" ? "retried" : "failed";
      for (const publisher of publishers) recorder.record(publisher, { kind: "websub", outcome: counted });
    },
    searched(query, publishers) {
      for (const publisher of new Set(publishers)) recorder.record(publisher, { kind: "search", query });
    },
  };
}
