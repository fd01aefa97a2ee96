/** What Next.js hands a page as its search params. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

export function toURLSearchParams(params: PageSearchParams): URLSearchParams {
  const result = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) result.append(key, item);
  }
  return result;
}
