import "server-only";
/**
 * The sitemap (sitemaps.org protocol 0.9): /sitemap.xml is an index of files
 * at the site's root, each at most 50,000 URLs (so well under 50 MB: a URL is
 * the site's address plus a registry path of at most 255 characters), every
 * one built from bounded catalog reads. Public pages only.
 *
 *   /sitemap-pages.xml                the home page and the categories
 *   /sitemap-namespaces-<first>.xml   50,000 public namespaces from <first> on
 *   /sitemap-repositories-<k>.xml     the public repositories with ids k·50,000 to (k+1)·50,000 − 1
 */
import "server-only";
import { CATEGORIES } from "@/lib/catalog/catalog-data";
import type { Catalog } from "@/lib/catalog/database.server";
import { isValidNamespace } from "@/lib/catalog/names";
import {
  publicNamespaceFileStarts,
  publicNamespacesFrom,
  publicRepositoriesInRange,
  publicRepositoryRanges,
} from "@/lib/catalog/sitemap-reads";
import { categoryPageHref } from "@/lib/presentation/hrefs";

const XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9";

interface Entry {
  path: string;
  lastModified?: Date;
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

const loc = (site: URL, path: string) => `<loc>${escapeXml(new URL(path, site).href)}</loc>`;

function urlset(site: URL, entries: Entry[]): string {
  const urls = entries.map(
    ({ path, lastModified }) => `<url>${loc(site, path)}${lastModified ? `<lastmod>${lastModified.toISOString()}</lastmod>` : ""}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${XMLNS}">\n${urls.join("\n")}\n</urlset>\n`;
}

/** The sitemap index: the pages file, then one file per run of namespaces and per id range holding a public repository. */
export async function sitemapIndex(db: Catalog, site: URL): Promise<string> {
  const [namespaceStarts, ranges] = await Promise.all([publicNamespaceFileStarts(db), publicRepositoryRanges(db)]);
  const files = ["pages", ...namespaceStarts.map((start) => `namespaces-${start}`), ...ranges.map((range) => `repositories-${range}`)];
  const sitemaps = files.map((file) => `<sitemap>${loc(site, `/sitemap-${file}.xml`)}</sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${XMLNS}">\n${sitemaps.join("\n")}\n</sitemapindex>\n`;
}

/**
 * One sitemap file by its name between "sitemap-" and ".xml"; null for a
 * name that is no file, or a file with nothing public in it (the protocol
 * wants at least one URL per file).
 */
export async function sitemapFile(db: Catalog, site: URL, file: string): Promise<string | null> {
  let entries: Entry[];
  if (file === "pages") {
    entries = [{ path: "/" }, { path: "/categories" }, ...CATEGORIES.map((category) => ({ path: categoryPageHref(category) }))];
  } else if (file.startsWith("namespaces-") && isValidNamespace(file.slice("namespaces-".length))) {
    entries = (await publicNamespacesFrom(db, file.slice("namespaces-".length))).map((name) => ({ path: `/${name}` }));
  } else if (/^repositories-(0|[1-9]\d{0,8})$/.test(file)) {
    const repositories = await publicRepositoriesInRange(db, Number(file.slice("repositories-".length)));
    entries = repositories.map((r) => ({ path: `/${r.fullName}`, lastModified: r.updatedAt }));
  } else {
    return null;
  }
  return entries.length > 0 ? urlset(site, entries) : null;
}
