import { fullNameOf, type RepositoryName } from "./catalog/names";

/** What Next.js hands a page as its search params. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

export function toURLSearchParams(params: PageSearchParams): URLSearchParams {
  const result = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) result.append(key, item);
  }
  return result;
}

/** A tag's page: "/library/nginx/tags/1.27". */
export function tagPageHref(repository: RepositoryName, tag: string): string {
  return `/${fullNameOf(repository)}/tags/${encodeURIComponent(tag)}`;
}
