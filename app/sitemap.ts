import type { MetadataRoute } from "next";
import { CATEGORIES } from "@/lib/catalog/catalog-data";
import { getCatalog } from "@/lib/catalog/client";
import { listPublicNamespaces, listPublicRepositoryNames } from "@/lib/catalog/gallery";
import { siteUrl } from "@/lib/config";
import { categoryPageHref } from "@/lib/url";

export const dynamic = "force-dynamic";

/** Public pages only: the home page, categories, publishers and repositories. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const db = getCatalog();
  const [namespaces, repositories] = await Promise.all([listPublicNamespaces(db), listPublicRepositoryNames(db)]);
  const url = (path: string) => new URL(path, siteUrl()).toString();
  return [
    { url: url("/") },
    { url: url("/categories") },
    ...CATEGORIES.map((category) => ({ url: url(categoryPageHref(category)) })),
    ...namespaces.map((ns) => ({ url: url(`/${ns.name}`) })),
    ...repositories.map((r) => ({ url: url(`/${r.fullName}`), lastModified: r.updatedAt })),
  ];
}
