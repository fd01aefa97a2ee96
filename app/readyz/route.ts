import { getCatalog } from "@/lib/catalog/database.server";
import { pingCatalog } from "@/lib/catalog/maintenance";
import { readinessAnswer } from "@/lib/metrics";
import { toResponse } from "@/lib/metrics/answer";
import { getSearchEngine } from "@/lib/search/shared";

/** Readiness: the catalog answers a query and the search engine a suggestion; 503 naming what failed. */
export async function GET(): Promise<Response> {
  return toResponse(
    await readinessAnswer({
      catalog: () => pingCatalog(getCatalog()),
      search: async () => (await getSearchEngine()).suggest("readyz", 1),
    }),
  );
}
