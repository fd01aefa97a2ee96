import { fullNameOf } from "@/lib/catalog/names";
import type { RepositoryForSearch } from "@/lib/catalog/repositories";
import { LIMITS } from "@/lib/config/limits";
import { markdownToPlainText } from "@/lib/markdown/plain-text";
import { RENDERER_VERSION } from "@/lib/markdown/stored";
import type { SearchDocument } from "@/lib/search/types";

/** The search document of a public repository, from its catalog record. */
export function toSearchDocument(repository: RepositoryForSearch): SearchDocument {
  const publisher = repository.namespace.publisher;
  return {
    fullName: fullNameOf({ namespace: repository.namespaceName, name: repository.name }),
    namespace: repository.namespaceName,
    name: repository.name,
    publisher: publisher?.displayName ?? "",
    // Without a publisher's description, the image's own.
    shortDescription: repository.shortDescription || (repository.imageDescription ?? "").slice(0, LIMITS.shortDescription),
    // Stored when saved; parsed here only for rows of an older renderer.
    about: repository.renderVersion === RENDERER_VERSION ? repository.aboutText : markdownToPlainText(repository.about),
    tags: repository.tags.map((tag) => tag.name),
    categories: [...new Set(repository.categories.map((c) => c.category))].sort(),
    operatingSystems: repository.operatingSystems,
    architectures: repository.architectures,
    verified: publisher?.verified ?? false,
    official: publisher?.official ?? false,
    signed: repository.marks.signed,
    sbom: repository.marks.sbom,
    pulls: repository.pulls,
    updatedAt: repository.updatedAt.getTime(),
  };
}
