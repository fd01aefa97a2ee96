import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { DigestMatches } from "@/components/search/DigestMatches";
import { SearchResults } from "@/components/search/SearchResults";
import { getCatalog } from "@/lib/catalog/database.server";
import { fullNameOf } from "@/lib/catalog/names";
import { lookUp, parsePublicSearchQuery } from "@/lib/http/public-search";
import { SearchQueryError } from "@/lib/search/query";
import { SEARCH_PAGE } from "@/lib/search/search-url";
import { repositoryPageHref, tagPageHref, toURLSearchParams, type PageSearchParams } from "@/lib/presentation/hrefs";

export async function generateMetadata({ searchParams }: { searchParams: Promise<PageSearchParams> }): Promise<Metadata> {
  const q = toURLSearchParams(await searchParams).get("q");
  return { title: q ? `Search: ${q.slice(0, 60)}` : "Search", robots: { index: false } };
}

/** What q looks up besides text; null when it looks up nothing or is invalid (the results then say why). */
async function lookUpQuery(params: URLSearchParams) {
  try {
    return await lookUp(getCatalog(), parsePublicSearchQuery(params, SEARCH_PAGE).q);
  } catch (error) {
    if (error instanceof SearchQueryError) return null;
    throw error;
  }
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = toURLSearchParams(await searchParams);
  const lookup = await lookUpQuery(params);
  if (lookup?.kind === "tag" && lookup.exists) redirect(tagPageHref(lookup.repository, lookup.tag));
  // A digest is no text to search for: its matches are the whole answer.
  if (lookup?.kind === "digest") return <DigestMatches lookup={lookup} />;
  const missingTag = lookup?.kind === "tag" && (
    <p role="note" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      {fullNameOf(lookup.repository)} has no tag “{lookup.tag}”.{" "}
      <Link href={`${repositoryPageHref(lookup.repository)}?tab=tags`} className="underline">
        See its tags
      </Link>
      .
    </p>
  );
  return <SearchResults params={params} scope={SEARCH_PAGE} countHeading="h1" notice={missingTag} />;
}
