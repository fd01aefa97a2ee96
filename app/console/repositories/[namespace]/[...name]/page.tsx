import type { Metadata } from "next";
import { BackToConsole } from "@/components/console/BackToConsole";
import { PrivatePullCommands } from "@/components/console/RegistryCommands";
import { RepositoryEditor } from "@/components/console/RepositoryEditor";
import { requireSignedIn } from "@/lib/auth/current.server";
import { can } from "@/lib/auth/policy";
import { getCatalog } from "@/lib/catalog/database.server";
import { recentTagNames } from "@/lib/catalog/console";
import { registryPublicHost } from "@/lib/config/environment";
import { orNotFound } from "@/lib/publisher/console-pages.server";
import { catalogDataJson, getEditableRepository } from "@/lib/publisher/repository-editing.server";

export const metadata: Metadata = { title: "Edit repository", robots: { index: false } };

// Enough for the default-tag list; a repository with more tags keeps its choice among them.
const MAX_TAG_CHOICES = 500;

interface Props {
  params: Promise<{ namespace: string; name: string[] }>;
}

/** The editor of one repository's catalog data, for who may read it; 404 like an unknown one otherwise. */
export default async function EditRepositoryPage({ params }: Props) {
  const { namespace, name: segments } = await params;
  const name = segments.join("/");
  const { principal, csrfToken } = await requireSignedIn(`/console/repositories/${namespace}/${name}`);
  const db = getCatalog();
  const repository = await orNotFound(() => getEditableRepository(db, principal, { namespace, name }));
  const tags = await recentTagNames(db, repository.id, MAX_TAG_CHOICES);
  const tagNames = [...tags].sort();
  if (repository.defaultTag && !tagNames.includes(repository.defaultTag)) tagNames.unshift(repository.defaultTag);
  return (
    <div className="space-y-6">
      <BackToConsole />
      <RepositoryEditor
        initial={catalogDataJson(repository)}
        tags={tagNames}
        csrfToken={csrfToken}
        canChangeVisibility={can(principal, "visibility", repository.namespaceName)}
      />
      {repository.visibility === "PRIVATE" && tags[0] && (
        <PrivatePullCommands
          host={registryPublicHost()}
          path={repository.path}
          tag={repository.defaultTag ?? (tagNames.includes("latest") ? "latest" : tags[0])}
        />
      )}
    </div>
  );
}
