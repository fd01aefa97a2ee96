/** What Next.js hands a page as its search params. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

export function toURLSearchParams(params: PageSearchParams): URLSearchParams {
  const result = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) result.append(key, item);
  }
  return result;
}

/** A tag's page under its repository's page; tag names are a path segment. */
export function tagPagePath(repositoryPage: string, tag: string): string {
  return `${repositoryPage}/tags/${encodeURIComponent(tag)}`;
}
