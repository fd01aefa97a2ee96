import type { PublicTagDetails } from "@/lib/catalog/gallery";
import { formatBytes } from "@/lib/presentation/format";
import { CELL, DataTable, ROW } from "./DataTable";
import { Digest } from "./Digest";

type Platform = PublicTagDetails["platforms"][number];

/** Every platform of the tag, each linking to its section below. */
export function PlatformMatrix({ platforms, anchors }: { platforms: Platform[]; anchors: string[] }) {
  return (
    <DataTable
      label="Platforms"
      head={["OS", "Architecture", "Variant", "Digest", "Compressed size"]}
      testId="platform-matrix"
    >
      {platforms.map((platform, i) => (
        <tr key={platform.id} className={ROW} data-testid="platform-row">
          <td className={CELL}>
            <a href={`#${anchors[i]}`} className="text-sky-700 hover:underline dark:text-sky-400">
              {platform.os}
            </a>
          </td>
          <td className={`${CELL} font-mono`}>{platform.architecture}</td>
          <td className={`${CELL} font-mono`}>{platform.variant ?? "—"}</td>
          <td className={CELL}>
            <Digest digest={platform.digest} />
          </td>
          <td className={`${CELL} whitespace-nowrap`}>{formatBytes(platform.compressedSize)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
