import type { CatalogData, Visibility } from "@/lib/catalog/catalog-data";

/**
 * The API's CatalogData: what a publisher may read and write about a
 * repository, and how its sync goes. A plain module, so that the console's
 * client components can name it without importing server code.
 */
export interface CatalogDataJson extends CatalogData {
  repository: string;
  registryPath: string;
  visibility: Visibility;
  revision: number;
  inRegistry: boolean;
  lastSyncedAt: string | null;
  syncError: string | null;
}
