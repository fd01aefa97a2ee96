import { RepositoryCard } from "@/components/search/RepositoryCard";
import type { SearchHit } from "@/lib/search/types";

/** Repository cards in order; `className` lays them out (a column, a grid). */
export function RepositoryList({ hits, className }: { hits: SearchHit[]; className: string }) {
  return (
    <ol className={className}>
      {hits.map((hit) => (
        <li key={hit.document.fullName}>
          <RepositoryCard hit={hit} />
        </li>
      ))}
    </ol>
  );
}
