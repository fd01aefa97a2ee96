import type { Catalog } from "./database.server";
import { utcDay } from "./events";
import { PUBLIC } from "./repositories";

/** Days the repository page charts. */
export const PULL_CHART_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Manifest pulls per UTC day over the `days` days ending today, oldest first,
 * with 0 for days without a pull (the indexer writes rows only for days with
 * pulls). A repository the public may not see has no pulls to show.
 */
export async function getDailyPulls(
  db: Catalog,
  repositoryId: number,
  days = PULL_CHART_DAYS,
  now = new Date(),
): Promise<Array<{ day: string; pulls: number }>> {
  const series = Array.from({ length: days }, (_, i) => utcDay(new Date(now.getTime() - (days - 1 - i) * DAY_MS)));
  // Raw SQL: read on every repository page, where Prisma's query compiler cost more than SQLite.
  const rows = await db.$queryRaw<Array<{ day: string; count: number }>>`
    SELECT d.day, d.count FROM "DailyPulls" d JOIN "Repository" r ON r.id = d."repositoryId"
    WHERE d."repositoryId" = ${repositoryId} AND r.visibility = ${PUBLIC.visibility} AND r."inRegistry" = ${PUBLIC.inRegistry}
      AND d.day BETWEEN ${series[0]!} AND ${series.at(-1)!}`;
  const pullsOn = new Map(rows.map((row) => [row.day, row.count]));
  return series.map((day) => ({ day, pulls: pullsOn.get(day) ?? 0 }));
}
