import type { Metadata } from "next";
import Link from "next/link";
import { CARD, LIST_CARD } from "@/components/console/console-styles";
import { VisibilityBadge } from "@/components/console/VisibilityBadge";
import { requireSignedIn } from "@/lib/auth/current.server";
import { canManagePublisher } from "@/lib/auth/policy";
import { getCatalog } from "@/lib/catalog/database.server";
import { namespacesWithPublishers } from "@/lib/catalog/console";
import { formatDate } from "@/lib/presentation/format";
import { type EditableRepository, listRepositoriesFor } from "@/lib/publisher/repository-editing.server";

export const metadata: Metadata = { title: "Console", robots: { index: false } };

/** The signed-in user's repositories, public and private, by namespace; everything for the admin. */
export default async function ConsolePage() {
  const { principal } = await requireSignedIn("/console");
  const db = getCatalog();
  const repositories = await listRepositoriesFor(db, principal);
  const namespaces = await namespacesWithPublishers(db, [...new Set(repositories.map((r) => r.namespaceName))]);
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold">Console</h1>
        <p className="text-sm text-slate-500">Signed in as {principal.email}</p>
      </div>
      {principal.memberships.length > 0 && (
        <nav aria-label="Publishers" className="flex flex-wrap gap-3 text-sm">
          {principal.memberships.map((m) => (
            <span key={m.publisherId} className="rounded bg-slate-100 px-2 py-1 dark:bg-slate-800">
              {m.publisherName} · {m.role === "OWNER" ? "owner" : "editor"}
              {canManagePublisher(principal, m.publisherId) && (
                <>
                  {" · "}
                  <Link href={`/console/publishers/${m.publisherId}`} className="text-sky-700 underline underline-offset-2 hover:no-underline dark:text-sky-400">
                    Manage
                  </Link>
                </>
              )}
            </span>
          ))}
        </nav>
      )}
      {namespaces.length === 0 ? (
        <div className={`${CARD} text-center`}>
          <h2 className="font-semibold">No repositories yet</h2>
          <p className="mt-2 text-sm text-slate-500">
            {principal.memberships.length === 0
              ? "You are not a member of any publisher. Ask the gallery's operator or a publisher's owner to invite you."
              : "Repositories appear here once they are pushed to your namespaces in the registry."}
          </p>
        </div>
      ) : (
        namespaces.map((namespace) => (
          <section key={namespace.name} aria-labelledby={`ns-${namespace.name}`} className="space-y-3">
            <h2 id={`ns-${namespace.name}`} className="text-lg font-semibold">
              {namespace.name}
              <span className="ml-2 text-sm font-normal text-slate-500">
                {namespace.publisher ? namespace.publisher.displayName : "no publisher"}
              </span>
              {/* Owners reach their publishers from the list above; the admin, every publisher from here. */}
              {namespace.publisher && principal.admin && (
                <Link
                  href={`/console/publishers/${namespace.publisher.id}`}
                  className="ml-2 text-sm font-normal text-sky-700 hover:underline dark:text-sky-400"
                >
                  Settings<span className="sr-only"> of {namespace.publisher.displayName}</span>
                </Link>
              )}
            </h2>
            <ul className={LIST_CARD}>
              {repositories
                .filter((r) => r.namespaceName === namespace.name)
                .map((repository) => (
                  <RepositoryRow key={repository.path} repository={repository} />
                ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

function RepositoryRow({ repository }: { repository: EditableRepository }) {
  return (
    <li className="flex flex-wrap items-center gap-x-4 gap-y-1 p-3 text-sm" data-testid="console-repository">
      <Link href={`/console/repositories/${repository.fullName}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
        {repository.fullName}
      </Link>
      <VisibilityBadge visibility={repository.visibility} />
      <span className="text-slate-500">
        {repository.inRegistry ? "In the registry" : "Gone from the registry"}
        {repository.lastSyncedAt && ` · synced ${formatDate(repository.lastSyncedAt)}`}
      </span>
      {repository.syncError && (
        <p className="basis-full text-red-700 dark:text-red-400">
          Last sync failed{repository.syncErrorAt && ` on ${formatDate(repository.syncErrorAt)}`}: {repository.syncError}
        </p>
      )}
    </li>
  );
}
