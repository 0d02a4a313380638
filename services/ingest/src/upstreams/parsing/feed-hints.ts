/**
 * What a feed document says of how often to read it: RSS 2.0's `<ttl>`, `<skipHours>` and `<skipDays>`,
 * and the syndication module's `sy:updatePeriod`/`sy:updateFrequency` (RSS 1.0, used in RSS 2.0 and Atom
 * by WordPress and others). Values that are not what the specs allow are ignored, one by one.
 */
import type { parseFeed } from "@rowanmanning/feed-parser";
import type { FeedHints } from "../poll-timing.ts";

type FeedElement = ReturnType<typeof parseFeed>["element"];

const syndicationNamespace = "http://purl.org/rss/1.0/modules/syndication/";
const periodSeconds: Record<string, number> = {
  hourly: 3600,
  daily: 86_400,
  weekly: 7 * 86_400,
  monthly: 30 * 86_400,
  yearly: 365 * 86_400,
};
const dayNumbers: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

const elementChildren = (element: FeedElement): FeedElement[] =>
  element.children.filter((child): child is FeedElement => typeof child !== "string");

/** The element that holds the feed's own metadata: Atom's `<feed>`, RSS's `<channel>`. */
function channelOf(root: FeedElement): FeedElement {
  if (root.name === "feed" || root.name === "channel") return root;
  return elementChildren(root).find((child) => child.name === "channel") ?? root;
}

const positiveInteger = (text: string | undefined): number | undefined => {
  if (text === undefined || !/^\s*\d{1,9}\s*$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
};

/** The polling hints of a parsed RSS or Atom document (none that it does not give). */
export function feedHintsOf(root: FeedElement): FeedHints {
  const channel = channelOf(root);
  const children = elementChildren(channel);
  // The parser gives element names in lower case (`skiphours`, `updateperiod`).
  const own = (name: string) =>
    children.find((child) => child.name === name && (child.namespaceUri ?? "") !== syndicationNamespace);
  const syndication = (name: string) =>
    children.find((child) => child.name === name && child.namespaceUri === syndicationNamespace)?.textContent.trim();
  const hints: FeedHints = {};
  const ttl = positiveInteger(own("ttl")?.textContent);
  if (ttl !== undefined) hints.ttlMinutes = ttl;
  const period = syndication("updateperiod");
  const frequencyText = syndication("updatefrequency");
  if (period !== undefined || frequencyText !== undefined) {
    const seconds = periodSeconds[(period ?? "daily").toLowerCase()];
    const frequency = frequencyText === undefined ? 1 : positiveInteger(frequencyText);
    if (seconds !== undefined && frequency !== undefined) hints.updatePeriodSeconds = Math.ceil(seconds / frequency);
  }
  const listed = (container: string, item: string) => {
    const box = own(container);
    return box === undefined
      ? []
      : elementChildren(box)
          .filter((child) => child.name === item)
          .map((child) => child.textContent.trim());
  };
  // RSS 2.0: hours 0-23 GMT (some write 24 for midnight).
  const hours = listed("skiphours", "hour")
    .map((text) => (/^\d{1,2}$/.test(text) ? Number(text) % 24 : Number.NaN))
    .filter((value) => Number.isInteger(value) && value >= 0 && value < 24);
  if (hours.length > 0) hints.skipHours = [...new Set(hours)].sort((a, b) => a - b);
  const days = listed("skipdays", "day")
    .map((text) => dayNumbers[text.toLowerCase()])
    .filter((value): value is number => value !== undefined);
  if (days.length > 0) hints.skipDays = [...new Set(days)].sort((a, b) => a - b);
  return hints;
}
