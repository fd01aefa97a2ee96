"use client";

import { CopyButton } from "@/components/ui/CopyButton";
import { shortDigest } from "@/lib/presentation/format";

/** One row of the tags table, formatted on the server: only text crosses to the browser. */
export interface TagRow {
  id: number;
  name: string;
  href: string;
  kind: string;
  artifactType: string | null;
  digest: string;
  platforms: Array<{ id: number; label: string; digest: string; size: string }>;
  size: string;
  pushed: string;
  pullCommand: string;
}

/**
 * The tags table's rows. A client component so that the page's RSC payload
 * carries each row as a few strings rather than as its markup: the rows are
 * most of a tags page, and the server writes that payload besides the HTML.
 */
export function TagRows({ rows, defaultTag }: { rows: TagRow[]; defaultTag: string | null }) {
  return rows.map((tag) => (
    <tr key={tag.id} className="border-b border-slate-100 align-top dark:border-slate-900" data-tag={tag.name}>
      <td className="font-mono font-medium">
        {/* A plain link: next/link would prefetch every tag page in view. */}
        {/* Long names (up to 128 characters) are cut to keep every column in view: whole on hover and on the tag's page. */}
        <a
          href={tag.href}
          title={tag.name}
          className="inline-block max-w-[calc(100vw-8rem)] truncate align-bottom text-sky-700 underline underline-offset-2 hover:no-underline sm:max-w-[16rem] xl:max-w-[22rem] dark:text-sky-400"
        >
          {tag.name}
        </a>
        {tag.name === defaultTag && (
          <span className="ml-2 rounded-full bg-sky-100 px-2 py-0.5 font-sans text-xs font-medium text-sky-900 dark:bg-sky-900/40 dark:text-sky-200" data-testid="default-tag">
            default
          </span>
        )}
      </td>
      <td data-testid="tag-kind" data-label="Type">
        {tag.kind}
        {tag.artifactType && <div className="break-all font-mono text-xs text-slate-500">{tag.artifactType}</div>}
      </td>
      <td data-label="Digest">
        <code className="font-mono text-xs" title={tag.digest}>
          {shortDigest(tag.digest)}
        </code>
        {tag.platforms.length > 0 && (
          <ul className="mt-1 space-y-0.5 text-xs text-slate-500" aria-label={`Platforms of ${tag.name}`}>
            {tag.platforms.map((platform) => (
              <li key={platform.id} data-testid="platform">
                <span className="font-mono">{platform.label}</span> <code title={platform.digest}>{shortDigest(platform.digest)}</code>{" "}
                <span className="whitespace-nowrap">{platform.size}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="whitespace-nowrap" data-label="Compressed size">{tag.size}</td>
      <td className="whitespace-nowrap" data-label="Pushed">{tag.pushed}</td>
      <td>
        <CopyButton text={tag.pullCommand} label={`Copy pull command for ${tag.name}`} />
      </td>
    </tr>
  ));
}
