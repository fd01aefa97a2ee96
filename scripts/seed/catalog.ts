import type { Catalog } from "@/lib/catalog/client";
import { savePublisher, saveRepository } from "@/lib/catalog/publishing";
import { SAMPLE_PUBLISHERS, SAMPLE_REPOSITORIES } from "./samples";

/** Writes the sample publishers and what they say about their repositories. */
export async function seedCatalog(db: Catalog): Promise<void> {
  for (const publisher of SAMPLE_PUBLISHERS) {
    await savePublisher(db, { ...publisher, namespaces: [publisher.namespace] });
  }
  for (const repository of SAMPLE_REPOSITORIES) {
    await saveRepository(db, repository.path, { visibility: repository.visibility, ...repository.catalog });
  }
}
