import type { ReactNode } from "react";
import { Badges } from "@/components/ui/Badges";
import { ROLES } from "@/lib/auth/policy";
import type { AdminOverview } from "@/lib/publisher/admin.server";
import { AdminForm } from "./AdminForm";
import { INPUT } from "./admin-styles";

type Publisher = AdminOverview["publishers"][number];

const CARD = "rounded-lg border border-slate-200 p-4 dark:border-slate-800";
const date = (value: Date) => value.toISOString().slice(0, 10);

/** The admin page: publishers (namespaces, badges, members, invitations), namespace assignment and accounts. */
export function AdminView({ overview, csrfToken }: { overview: AdminOverview; csrfToken: string }) {
  return (
    <div className="space-y-10">
      <h1 className="text-2xl font-bold">Administration</h1>

      <Section title="Publishers">
        <AdminForm action="/api/v1/admin/publishers" method="POST" csrfToken={csrfToken} submitLabel="Create publisher" resetAfter>
          <Field label="New publisher's name">
            <input name="displayName" required maxLength={100} className={INPUT} />
          </Field>
        </AdminForm>
        {overview.publishers.map((publisher) => (
          <PublisherCard key={publisher.id} publisher={publisher} csrfToken={csrfToken} />
        ))}
      </Section>

      <Section title="Namespaces">
        <p className="text-sm text-slate-500">
          A namespace is the first segment of registry paths (<span className="font-mono">acme</span> in{" "}
          <span className="font-mono">acme/tools/cli</span>). Its publisher&apos;s members edit its repositories.
          {overview.unassignedNamespaces.length > 0 && (
            <>
              {" "}Without a publisher:{" "}
              <span className="font-mono">{overview.unassignedNamespaces.join(", ")}</span>.
            </>
          )}
        </p>
        <AdminForm action="/api/v1/admin/namespaces/{namespace}" method="PUT" csrfToken={csrfToken} submitLabel="Assign namespace" resetAfter>
          <Field label="Namespace">
            <input name="namespace" required maxLength={64} className={`${INPUT} font-mono`} />
          </Field>
          <Field label="Publisher">
            <select name="publisherId" data-json="number" className={INPUT}>
              {overview.publishers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName} (id {p.id})
                </option>
              ))}
            </select>
          </Field>
          <label className="flex items-center gap-1 py-1.5 text-sm">
            <input type="checkbox" name="move" /> Move it from its current publisher
          </label>
        </AdminForm>
      </Section>

      <Section title="Accounts">
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1 font-medium">Email</th>
              <th className="py-1 font-medium">Admin</th>
              <th className="py-1 font-medium">Created</th>
            </tr>
          </thead>
          <tbody>
            {overview.users.map((user) => (
              <tr key={user.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-1">{user.email}</td>
                <td className="py-1">{user.admin ? "yes" : ""}</td>
                <td className="py-1">{date(user.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-sm text-slate-500">
          Accounts are created when invited people sign up, or from a shell on the server:{" "}
          <span className="font-mono">galleon admin user create --email …</span>
        </p>
      </Section>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`admin-${title}`} className="space-y-4">
      <h2 id={`admin-${title}`} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="text-slate-600 dark:text-slate-400">{label}</span>
      {children}
    </label>
  );
}

function PublisherCard({ publisher, csrfToken }: { publisher: Publisher; csrfToken: string }) {
  const base = `/api/v1/admin/publishers/${publisher.id}`;
  return (
    <article aria-label={publisher.displayName} className={`${CARD} space-y-4`}>
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="text-lg font-semibold">{publisher.displayName}</h3>
        <Badges verified={publisher.verified} official={publisher.official} />
        <span className="text-sm text-slate-500">
          id {publisher.id} · namespaces:{" "}
          <span className="font-mono">{publisher.namespaces.length > 0 ? publisher.namespaces.join(", ") : "none yet"}</span>
        </span>
      </header>

      <div className="flex flex-wrap gap-2">
        {(["verified", "official"] as const).map((badge) => (
          <AdminForm
            key={badge}
            action={`${base}/badges/${badge}`}
            method={publisher[badge] ? "DELETE" : "PUT"}
            csrfToken={csrfToken}
            submitLabel={`${publisher[badge] ? "Revoke" : "Grant"} ${badge}`}
            quiet
          />
        ))}
      </div>

      <div className="space-y-2">
        <h4 className="font-medium">Members</h4>
        {publisher.members.length === 0 && <p className="text-sm text-slate-500">No members yet.</p>}
        <ul className="space-y-2">
          {publisher.members.map((member) => (
            <li key={member.userId} className="flex flex-wrap items-start gap-3">
              <span className="py-1.5 text-sm">{member.email}</span>
              <AdminForm
                action={`${base}/members/${member.userId}`}
                method="PUT"
                csrfToken={csrfToken}
                submitLabel="Change role"
                quiet
              >
                <select name="role" defaultValue={member.role} aria-label={`Role of ${member.email}`} className={INPUT}>
                  {ROLES.map((role) => (
                    <option key={role}>{role}</option>
                  ))}
                </select>
              </AdminForm>
              <AdminForm
                action={`${base}/members/${member.userId}`}
                method="DELETE"
                csrfToken={csrfToken}
                submitLabel="Remove"
                quiet
              />
            </li>
          ))}
        </ul>
        {publisher.invitations.length > 0 && (
          <p className="text-sm text-slate-500">
            Invited, not yet accepted:{" "}
            {publisher.invitations
              .map((i) => `${i.email} (${i.role}, until ${date(i.expiresAt)})`)
              .join(", ")}
          </p>
        )}
        <AdminForm action={`${base}/members`} method="POST" csrfToken={csrfToken} submitLabel="Invite" resetAfter>
          <Field label="Email">
            <input name="email" type="email" required className={INPUT} />
          </Field>
          <Field label="Role">
            <select name="role" defaultValue="EDITOR" className={INPUT}>
              {ROLES.map((role) => (
                <option key={role}>{role}</option>
              ))}
            </select>
          </Field>
        </AdminForm>
      </div>
    </article>
  );
}
