import Link from "next/link";
import type { DigestMatch } from "@/lib/catalog/lookup";
import { fullNameOf } from "@/lib/catalog/names";
import { platformLabel, plural } from "@/lib/presentation/format";
import type { SearchLookup } from "@/lib/http/public-search";
import { tagPageHref } from "@/lib/presentation/hrefs";

/** Where a digest (or a digest prefix) is published: tags, and the platform when it is one of an index's manifests. */
export function DigestMatches({ lookup }: { lookup: Extract<SearchLookup, { kind: "digest" }> }) {
  const byDigest = new Map<string, DigestMatch[]>();
  for (const match of lookup.matches) byDigest.set(match.digest, [...(byDigest.get(match.digest) ?? []), match]);
  return (
    <section aria-labelledby="digest-heading" data-testid="digest-matches" className="space-y-4">
      <h1 id="digest-heading" className="text-lg font-semibold">
        Tags with digest <span className="break-all font-mono">{lookup.prefix}</span>
      </h1>
      {byDigest.size === 0 && (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
          No public repository has a manifest with this digest.
        </p>
      )}
      {byDigest.size > 1 && (
        <p role="note" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          This prefix is ambiguous: it starts {plural(byDigest.size, "different digest")}. Type more of the digest to pick one.
        </p>
      )}
      {lookup.truncated && <p className="text-sm text-slate-500">Only the first {lookup.matches.length} matches are listed.</p>}
      {[...byDigest].map(([digest, matches]) => (
        <div key={digest} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800" data-digest={digest}>
          <h2 className="break-all font-mono text-sm">{digest}</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {matches.map((match) => (
              <li key={`${fullNameOf(match.repository)}:${match.tag}:${match.platform ? platformLabel(match.platform) : ""}`} data-testid="digest-match">
                <Link href={tagPageHref(match.repository, match.tag)} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                  {fullNameOf(match.repository)}:{match.tag}
                </Link>{" "}
                <span className="text-slate-500">
                  {match.platform ? `platform ${platformLabel(match.platform)} of the tag's index` : "the tag's manifest"}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
