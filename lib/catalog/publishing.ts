import { type CatalogData, CatalogValidationError, type Visibility, validateCatalogData } from "./catalog-data";
import type { Catalog } from "./client";
import { isReservedNamespace, splitRepositoryPath } from "./names";
import { type CatalogTransaction, writeTransaction } from "./transaction";

/** Publisher-side writes: who owns which namespace and what their repositories say. */

export interface PublisherInput {
  displayName: string;
  verified: boolean;
  official: boolean;
  namespaces: string[];
}

/** Creates or updates the publisher that owns `namespaces` (matched by its first namespace). */
export async function savePublisher(db: Catalog, input: PublisherInput): Promise<number> {
  const [primary] = input.namespaces;
  if (!primary) throw new Error("a publisher needs at least one namespace");
  return writeTransaction(db, async (tx) => {
    const existing = await tx.namespace.findUnique({ where: { name: primary } });
    const fields = { displayName: input.displayName, verified: input.verified, official: input.official };
    const publisher = existing?.publisherId
      ? await tx.publisher.update({ where: { id: existing.publisherId }, data: fields })
      : await tx.publisher.create({ data: fields });
    for (const name of input.namespaces) {
      await tx.namespace.upsert({
        where: { name },
        create: { name, publisherId: publisher.id },
        update: { publisherId: publisher.id },
      });
    }
    return publisher.id;
  });
}

/** Ensures the namespace row of a repository path exists. */
export async function ensureNamespace(tx: CatalogTransaction, name: string) {
  return tx.namespace.upsert({ where: { name }, create: { name }, update: {} });
}

export type RepositoryEdit = Partial<CatalogData> & { visibility?: Visibility };

/**
 * Saves catalog data for a registry path, validated first so nothing is
 * stored half-way. A repository described before the indexer has seen it is
 * created outside the registry; discovery brings it in. A reserved
 * namespace's repository may not be made public: its pages are unreachable.
 */
export async function saveRepository(db: Catalog, path: string, edit: RepositoryEdit): Promise<void> {
  validateCatalogData(edit);
  const { categories, ...fields } = edit;
  const { namespace, name } = splitRepositoryPath(path);
  if (edit.visibility === "PUBLIC" && isReservedNamespace(namespace)) {
    throw new CatalogValidationError(
      "visibility",
      `"${namespace}" is a reserved gallery path, so repositories in that namespace cannot be public`,
    );
  }
  await writeTransaction(db, async (tx) => {
    await ensureNamespace(tx, namespace);
    const repository = await tx.repository.upsert({
      where: { path },
      create: { path, namespaceName: namespace, name, inRegistry: false, ...fields },
      update: fields,
    });
    if (categories) {
      await tx.repositoryCategory.deleteMany({ where: { repositoryId: repository.id } });
      await tx.repositoryCategory.createMany({
        data: [...new Set(categories)].map((category) => ({ repositoryId: repository.id, category })),
      });
    }
  });
}
