import type { Metadata } from "next";
import { BackToConsole } from "@/components/console/BackToConsole";
import Link from "next/link";
import { NamespaceSettings } from "@/components/console/NamespaceSettings";
import { TokensPanel } from "@/components/console/TokensPanel";
import { LIST_CARD } from "@/components/console/console-styles";
import { requireSignedIn } from "@/lib/auth/current.server";
import { getCatalog } from "@/lib/catalog/database.server";
import { registryPublicHost } from "@/lib/config/environment";
import { AUDIT_PAGE_SIZE, listAudit } from "@/lib/catalog/audit";
import { idOf, ROW_ID } from "@/lib/publisher/body";
import { orNotFound } from "@/lib/publisher/console-pages.server";
import { getManagedPublisher } from "@/lib/publisher/publishers.server";
import { listApiTokens } from "@/lib/publisher/tokens.server";
import type { PageSearchParams } from "@/lib/presentation/hrefs";

export const metadata: Metadata = { title: "Publisher settings", robots: { index: false } };

const TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<PageSearchParams>;
}

/** A publisher's namespaces, API tokens, audit log and members: owners and the admin only; 404 for anyone else. */
export default async function PublisherSettingsPage({ params, searchParams }: Props) {
  const { id: segment } = await params;
  const { principal, csrfToken } = await requireSignedIn(`/console/publishers/${segment}`);
  const db = getCatalog();
  const publisher = await orNotFound(() => getManagedPublisher(db, principal, idOf(segment)));
  const before = (await searchParams).before;
  const [tokens, audit] = await Promise.all([
    listApiTokens(db, publisher.id),
    listAudit(db, publisher.id, typeof before === "string" && ROW_ID.test(before) ? Number(before) : undefined),
  ]);
  const namespaces = publisher.namespaces.map((n) => n.name);
  const now = new Date();
  return (
    <div className="space-y-8">
      <BackToConsole />
      <h1 className="text-2xl font-bold">{publisher.displayName}</h1>

      <section aria-labelledby="namespaces" className="space-y-3">
        <h2 id="namespaces" className="text-lg font-semibold">
          Namespaces
        </h2>
        <NamespaceSettings
          namespaces={publisher.namespaces.map((n) => ({ name: n.name, newRepositoriesPublic: n.newRepositoriesPublic }))}
          csrfToken={csrfToken}
        />
      </section>

      <section aria-labelledby="tokens" className="space-y-3">
        <h2 id="tokens" className="text-lg font-semibold">
          API tokens
        </h2>
        <TokensPanel
          publisherId={publisher.id}
          registryHost={registryPublicHost()}
          namespaces={namespaces}
          csrfToken={csrfToken}
          tokens={tokens.map((t) => ({
            id: t.id,
            name: t.name,
            displayPrefix: t.displayPrefix,
            scope: t.scope,
            namespaces: t.namespaces,
            createdAt: TIME.format(t.createdAt),
            expiresAt: t.expiresAt ? TIME.format(t.expiresAt) : null,
            lastUsedAt: t.lastUsedAt ? TIME.format(t.lastUsedAt) : null,
            revokedAt: t.revokedAt ? TIME.format(t.revokedAt) : null,
            expired: t.expiresAt !== null && t.expiresAt <= now,
          }))}
        />
      </section>

      <section aria-labelledby="audit" className="space-y-3">
        <h2 id="audit" className="text-lg font-semibold">
          Audit log
        </h2>
        {audit.length === 0 ? (
          <p className="text-sm text-slate-500">No changes recorded{before ? " before these" : " yet"}.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-500">
                <tr>
                  <th className="py-2 pr-4 font-medium">When (UTC)</th>
                  <th className="py-2 pr-4 font-medium">Who</th>
                  <th className="py-2 pr-4 font-medium">Via</th>
                  <th className="py-2 pr-4 font-medium">What</th>
                  <th className="py-2 pr-4 font-medium">Target</th>
                  <th className="py-2 font-medium">Details</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {audit.map((entry) => (
                  <tr key={entry.id} data-testid="audit-entry">
                    <td className="py-2 pr-4 whitespace-nowrap">{TIME.format(entry.at)}</td>
                    <td className="py-2 pr-4 break-all">{entry.actor}</td>
                    <td className="py-2 pr-4">{entry.via}</td>
                    <td className="py-2 pr-4">{entry.action}</td>
                    <td className="py-2 pr-4 break-all">{entry.target}</td>
                    <td className="py-2 font-mono text-xs break-all">{JSON.stringify(entry.detail)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {audit.length === AUDIT_PAGE_SIZE && (
          <Link href={`?before=${audit.at(-1)!.id}`} className="text-sm text-sky-700 hover:underline dark:text-sky-400">
            Older entries
          </Link>
        )}
      </section>

      <section aria-labelledby="members" className="space-y-3">
        <h2 id="members" className="text-lg font-semibold">
          Members
        </h2>
        <ul className={LIST_CARD}>
          {publisher.members.map((member) => (
            <li key={member.userId} className="flex flex-wrap gap-x-4 p-3 text-sm">
              <span className="font-medium">{member.user.name || member.user.email}</span>
              {member.user.name && <span className="text-slate-500">{member.user.email}</span>}
              <span className="text-slate-500">{member.role === "OWNER" ? "Owner" : "Editor"}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
