/** The indexer's metrics (README "Health and metrics"), served by indexer/health.ts. */
import { eventBacklog } from "@/lib/catalog/maintenance";
import type { Catalog } from "@/lib/catalog/database.server";
import { collectProcessMetrics, counter, gauge, histogram } from "@/lib/metrics";

export const reconcileDuration = histogram(
  "galleon_indexer_reconcile_duration_seconds",
  "Full reconciles, from listing the registry to the last repository synced",
  ["outcome"] as const,
  [1, 5, 15, 30, 60, 120, 300, 600, 1200, 2400],
);

export const lastReconcileSuccess = gauge(
  "galleon_indexer_last_reconcile_success_timestamp_seconds",
  "When the last reconcile finished without failing (Unix time)",
  async () => {},
);

export const activeIndexer = gauge(
  "galleon_indexer_active",
  "1 while this indexer holds the lease and writes, 0 while it waits as a standby",
  async () => {},
);

export const syncErrors = counter(
  "galleon_indexer_sync_errors_total",
  "Syncs that recorded an error: a whole repository failed, or some of its tags were skipped",
  ["scope"] as const,
);

/** Read from the catalog at each scrape: what waits, and what was counted. */
export function watchCatalog(db: Catalog): void {
  collectProcessMetrics();
  gauge(
    "galleon_indexer_oldest_pending_event_age_seconds",
    "Age of the oldest stored registry event not yet applied (0 when none waits): the freshness lag",
    async (g) => {
      const { oldestPendingAt } = await eventBacklog(db);
      g.set(oldestPendingAt ? Math.max(0, (Date.now() - oldestPendingAt.getTime()) / 1000) : 0);
    },
  );
  gauge("galleon_pulls_counted", "Image pulls counted from the registry's events, all repositories together", async (g) => {
    g.set((await eventBacklog(db)).pullsCounted);
  });
}
