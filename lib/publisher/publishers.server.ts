import "server-only";
import type { Authentication } from "@/lib/auth/principal.server";
import { can, canManagePublisher, type Principal } from "@/lib/auth/policy";
import type { Catalog } from "@/lib/catalog/database.server";
import { findManagedPublisher, namespaceOwner, saveNamespaceSettings } from "@/lib/catalog/publishers";
import { auditActor } from "./audit.server";
import { forbidden, notFound } from "./errors";

/**
 * A publisher as its owners (and the admin) manage it: namespaces with their
 * settings, and members. 404 for anyone else, tokens included, so the console
 * and the API give one answer.
 */
export async function getManagedPublisher(db: Catalog, principal: Principal, publisherId: number) {
  if (!canManagePublisher(principal, publisherId)) throw notFound();
  const publisher = await findManagedPublisher(db, publisherId);
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
  const publisherId = await namespaceOwner(db, namespace);
  if (publisherId === undefined) throw notFound();
  return saveNamespaceSettings(db, { namespace, publisherId, newRepositoriesPublic }, auditActor(auth));
}

