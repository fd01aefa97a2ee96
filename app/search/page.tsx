import type { Metadata } from "next";
import { SearchResults } from "@/components/search/SearchResults";
import { SEARCH_PAGE } from "@/lib/search/url";
import { toURLSearchParams, type PageSearchParams } from "@/lib/url";

export async function generateMetadata({ searchParams }: { searchParams: Promise<PageSearchParams> }): Promise<Metadata> {
  const q = toURLSearchParams(await searchParams).get("q");
  return { title: q ? `Search: ${q.slice(0, 60)}` : "Search", robots: { index: false } };
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  return <SearchResults params={toURLSearchParams(await searchParams)} scope={SEARCH_PAGE} countHeading="h1" />;
}
