import { expect, test } from "vitest";
import { parseVersion, sortNewestFirst } from "@/lib/catalog/semver";

test("orders versions newest first, releases before their pre-releases, non-versions last", () => {
  const tags = ["latest", "1.9.2-rc.1", "1.10.0", "1.9.2", "v2", "1.9.2-rc.10", "1.9.2-beta", "edge", "1.9", "0.1.0+build.5", "1.9.2-rc.2"];
  const expected = [
    "v2",
    "1.10.0",
    "1.9.2",
    "1.9.2-rc.10",
    "1.9.2-rc.2",
    "1.9.2-rc.1",
    "1.9.2-beta",
    "1.9",
    "0.1.0+build.5",
    "edge",
    "latest",
  ];
  expect(sortNewestFirst(tags.map((name) => ({ name })), (tag) => tag.name).map((tag) => tag.name)).toEqual(expected);
});

test("reads short and prefixed versions, and refuses what is not one", () => {
  expect(parseVersion("1.27")).toEqual({ numbers: [1, 27, 0], prerelease: [] });
  expect(parseVersion("v3.1.4-alpha.1")).toEqual({ numbers: [3, 1, 4], prerelease: ["alpha", "1"] });
  for (const tag of ["latest", "2024.03.01.5", "sha-abc123", "1..2"]) {
    expect(parseVersion(tag), tag).toBeNull();
  }
});
