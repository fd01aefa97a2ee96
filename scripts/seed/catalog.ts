import { createUser, setMembership } from "@/lib/auth/users.server";
import { findUserByEmail } from "@/lib/catalog/accounts";
import type { Catalog } from "@/lib/catalog/database.server";
import { savePublisher, saveRepository } from "@/lib/catalog/publishing";
import { SAMPLE_ACCOUNTS, SAMPLE_PUBLISHERS, SAMPLE_REPOSITORIES } from "./samples";

/** Writes the sample publishers, their members and what they say about their repositories. */
export async function seedCatalog(db: Catalog): Promise<void> {
  const publisherIds = new Map<string, number>();
  for (const publisher of SAMPLE_PUBLISHERS) {
    publisherIds.set(publisher.namespace, await savePublisher(db, { ...publisher, namespaces: [publisher.namespace] }));
  }
  for (const repository of SAMPLE_REPOSITORIES) {
    await saveRepository(db, repository.path, { visibility: repository.visibility, ...repository.catalog });
  }
  for (const account of SAMPLE_ACCOUNTS) {
    const user =
      (await findUserByEmail(db, account.email)) ??
      (await createUser(db, { email: account.email, password: account.password, admin: account.admin }));
    for (const { namespace, role } of account.memberships) await setMembership(db, user.id, publisherIds.get(namespace)!, role);
  }
}
