import { LIMITS } from "@/lib/catalog/catalog-data";
import { fullNameOf } from "@/lib/catalog/names";
import type { RepositoryWithEverything } from "@/lib/catalog/repositories";
import { markdownToPlainText } from "@/lib/markdown/plain-text";
import type { SearchDocument } from "@/lib/search/types";

/** Enough tag names to find a repository by a recent tag without bloating its document. */
const MAX_INDEXED_TAGS = 100;
const DESCRIPTION_ANNOTATION = "org.opencontainers.image.description";

const unique = (values: Iterable<string>) => [...new Set(values)].sort();

/** The search document of a public repository, from its catalog record. */
export function toSearchDocument(repository: RepositoryWithEverything): SearchDocument {
  const publisher = repository.namespace.publisher;
  const newestFirst = [...repository.tags].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
  const platforms = repository.tags.flatMap((tag) => tag.platforms);
  return {
    fullName: fullNameOf({ namespace: repository.namespaceName, name: repository.name }),
    namespace: repository.namespaceName,
    name: repository.name,
    publisher: publisher?.displayName ?? "",
    shortDescription: repository.shortDescription || describedByImage(repository, newestFirst),
    about: markdownToPlainText(repository.about),
    tags: newestFirst.slice(0, MAX_INDEXED_TAGS).map((tag) => tag.name),
    categories: unique(repository.categories.map((c) => c.category)),
    operatingSystems: unique(platforms.map((p) => p.os)),
    architectures: unique(platforms.map((p) => p.architecture)),
    verified: publisher?.verified ?? false,
    official: publisher?.official ?? false,
    pulls: repository.pulls,
    updatedAt: repository.updatedAt.getTime(),
  };
}

/** Without a publisher's description, the image's own description annotation (default tag first). */
function describedByImage(
  repository: RepositoryWithEverything,
  newestFirst: RepositoryWithEverything["tags"],
): string {
  const preferred = newestFirst.find((tag) => tag.name === (repository.defaultTag ?? "latest"));
  for (const tag of preferred ? [preferred, ...newestFirst] : newestFirst) {
    const description = (JSON.parse(tag.annotations) as Record<string, string>)[DESCRIPTION_ANNOTATION];
    if (description) return description.slice(0, LIMITS.shortDescription);
  }
  return "";
}
