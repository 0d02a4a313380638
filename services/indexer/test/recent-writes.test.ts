import { describe, expect, it } from "vitest";
import type { ReleaseDocument } from "@gazette/shared";
import { RecentWrites } from "../src/stories/recent-writes.ts";

const view = (id: string, version: number, bands: string[], storyId?: string) =>
  ({ id, version, storyBands: bands, ...(storyId === undefined ? {} : { storyId }) }) as unknown as ReleaseDocument;

const ids = (views: readonly ReleaseDocument[]) => views.map((found) => `${found.id}@${found.version}`).sort();

describe("RecentWrites", () => {
  it("finds what it remembers by id, by band and by story", () => {
    const recent = new RecentWrites(5000);
    recent.remember([view("a", 1, ["x", "y"], "s1"), view("b", 1, ["y"], "s2"), view("c", 1, ["z"])], 0);
    expect(ids(recent.find({ bands: ["y"] }))).toEqual(["a@1", "b@1"]);
    expect(ids(recent.find({ ids: ["c", "nobody"], bands: ["x"] }))).toEqual(["a@1", "c@1"]);
    expect(ids(recent.find({ inStories: ["s2"] }))).toEqual(["b@1"]);
    expect(recent.find({ bands: ["unknown"] })).toEqual([]);
  });

  it("keeps the newest version of a release, found by its own bands and story only", () => {
    const recent = new RecentWrites(5000);
    recent.remember([view("a", 2, ["new"], "s-new")], 0);
    recent.remember([view("a", 1, ["old"], "s-old")], 10);
    expect(recent.get("a")?.version).toBe(2);
    recent.remember([view("a", 3, ["newer"], "s-newer")], 20);
    expect(recent.find({ bands: ["new"], inStories: ["s-new"] })).toEqual([]);
    expect(ids(recent.find({ bands: ["newer"] }))).toEqual(["a@3"]);
    expect(recent.size).toBe(1);
  });

  it("forgets what is older than its lifetime, counted from the last write of each release", () => {
    const recent = new RecentWrites(1000);
    recent.remember([view("a", 1, ["x"]), view("b", 1, ["x"])], 0);
    recent.remember([view("a", 2, ["x"])], 800);
    recent.remember([], 1500);
    expect(ids(recent.find({ bands: ["x"] }))).toEqual(["a@2"]);
    recent.remember([], 1900);
    expect(recent.size).toBe(0);
    expect(recent.find({ bands: ["x"] })).toEqual([]);
  });
});
