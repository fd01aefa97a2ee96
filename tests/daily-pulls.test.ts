/** The repository page's pull series, read from a real, migrated catalog file. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDailyPulls } from "@/lib/catalog/pulls";
import { saveRepository } from "@/lib/catalog/publishing";
import { createTestCatalog, type TestCatalog } from "./support/catalog";

let catalog: TestCatalog;
beforeAll(() => {
  catalog = createTestCatalog();
});
afterAll(() => catalog.dispose());

async function repositoryWithPulls(path: string, visibility: "PUBLIC" | "PRIVATE", pulls: Record<string, number>) {
  await saveRepository(catalog.db, path, { visibility });
  const { id } = await catalog.db.repository.update({ where: { path }, data: { inRegistry: true } });
  await catalog.db.dailyPulls.createMany({ data: Object.entries(pulls).map(([day, count]) => ({ repositoryId: id, day, count })) });
  return id;
}

describe("daily pulls", () => {
  it("cover the last days up to today in UTC, oldest first, with 0 for days without pulls", async () => {
    const id = await repositoryWithPulls("acme/charted", "PUBLIC", {
      "2026-10-28": 99, // the day before the window
      "2026-10-29": 4,
      "2026-11-15": 7,
      "2026-11-27": 2,
      "2026-11-28": 50, // tomorrow in UTC
    });
    // 23:30 in UTC is still the 27th, whatever the machine's time zone.
    const series = await getDailyPulls(catalog.db, id, 30, new Date("2026-11-27T23:30:00Z"));
    expect(series).toHaveLength(30);
    expect(series[0]).toEqual({ day: "2026-10-29", pulls: 4 });
    expect(series.at(-1)).toEqual({ day: "2026-11-27", pulls: 2 });
    expect(series.find((d) => d.day === "2026-11-15")).toEqual({ day: "2026-11-15", pulls: 7 });
    expect(series.filter((d) => d.pulls === 0)).toHaveLength(27);
    // Consecutive days, none skipped or repeated (month ends included).
    expect(series.map((d) => d.day)).toContain("2026-10-31");
    expect(new Set(series.map((d) => d.day)).size).toBe(30);
  });

  it("are all zero for a private repository", async () => {
    const id = await repositoryWithPulls("acme/hidden-pulls", "PRIVATE", { "2026-11-27": 5 });
    const series = await getDailyPulls(catalog.db, id, 30, new Date("2026-11-27T12:00:00Z"));
    expect(series.every((d) => d.pulls === 0)).toBe(true);
  });
});
