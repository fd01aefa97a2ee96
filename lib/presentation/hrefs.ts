import { fullNameOf, type RepositoryName } from "../catalog/names";

/** What Next.js hands a page as its search params. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

export function toURLSearchParams(params: PageSearchParams): URLSearchParams {
  const result = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) result.append(key, item);
  }
  return result;
}

/** A repository's page: "/library/nginx". */
export function repositoryPageHref(repository: RepositoryName): string {
  return `/${fullNameOf(repository)}`;
}

/** A tag's page: "/library/nginx/tags/1.27"; a tag name is one path segment. */
export function tagPageHref(repository: RepositoryName, tag: string): string {
  return `${repositoryPageHref(repository)}/tags/${encodeURIComponent(tag)}`;
}

/** A category's page: "/categories/web-servers" (category names are URL-safe slugs). */
export function categoryPageHref(category: string): string {
  return `/categories/${category}`;
}

/** Where Galleon serves an attached SBOM document (app/api/v1/attachments/[id]/sbom). */
export function sbomDownloadHref(attachmentId: number): string {
  return `/api/v1/attachments/${attachmentId}/sbom`;
}
