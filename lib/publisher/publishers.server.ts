import type { Authentication } from "@/lib/auth/principal.server";
import { can, canManagePublisher, type Principal } from "@/lib/auth/policy";
import type { Catalog } from "@/lib/catalog/client";
import { writeTransaction } from "@/lib/catalog/transaction";
import { recordAudit } from "./audit.server";
import { forbidden, notFound } from "./errors";

/**
 * A publisher as its owners (and the admin) manage it: namespaces with their
 * settings, and members. 404 for anyone else, tokens included, so the console
 * and the API give one answer.
 */
export async function getManagedPublisher(db: Catalog, principal: Principal, publisherId: number) {
  if (!canManagePublisher(principal, publisherId)) throw notFound();
  const publisher = await db.publisher.findUnique({
    where: { id: publisherId },
    include: {
      namespaces: { orderBy: { name: "asc" } },
      members: { include: { user: { select: { email: true, name: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!publisher) throw notFound();
  return publisher;
}

/** Whether repositories the indexer discovers in `namespace` start public; audited. */
export async function changeNamespaceSettings(
  db: Catalog,
  auth: Authentication,
  namespace: string,
  newRepositoriesPublic: boolean,
) {
  if (!can(auth.principal, "manage", namespace)) {
    throw can(auth.principal, "read", namespace) ? forbidden("change this namespace's settings") : notFound();
  }
  const current = await db.namespace.findUnique({ where: { name: namespace } });
  if (!current) throw notFound();
  return writeTransaction(db, async (tx) => {
    const saved = await tx.namespace.update({ where: { name: namespace }, data: { newRepositoriesPublic } });
    await recordAudit(tx, auth, {
      publisherId: current.publisherId,
      action: "namespace.settings",
      target: namespace,
      detail: { newRepositoriesPublic },
    });
    return { namespace: saved.name, newRepositoriesPublic: saved.newRepositoriesPublic };
  });
}
