/**
 * Feed renderers: RSS 2.0, Atom 1.0, JSON Feed 1.1 and ninjs.
 */
export { renderAtom } from "./render-atom.ts";
export { renderJsonFeed } from "./render-json-feed.ts";
export { renderNinjsFeed } from "./render-ninjs-feed.ts";
export { renderRss } from "./render-rss.ts";
