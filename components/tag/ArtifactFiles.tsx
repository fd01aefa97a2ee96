import type { ArtifactFile } from "@/lib/registry/types";
import { formatBytes } from "@/lib/presentation/format";
import { CELL, DataTable, ROW } from "./DataTable";
import { Digest } from "./Digest";

/** An artifact's files: its manifest's layers, named by their title annotation when they have one. */
export function ArtifactFiles({ files }: { files: ArtifactFile[] | null }) {
  if (files === null) return <p className="text-slate-500">The gallery has no list of this artifact&apos;s files yet.</p>;
  if (files.length === 0) return <p className="text-slate-500">This artifact holds no files.</p>;
  return (
    <DataTable label="Files" head={["Name", "Media type", "Size", "Digest"]} testId="artifact-files">
      {files.map((file, i) => (
        <tr key={i} className={ROW} data-testid="artifact-file">
          <td className={`${CELL} break-all font-mono`}>{file.title ?? "—"}</td>
          <td className={`${CELL} break-all font-mono text-xs`}>{file.mediaType}</td>
          <td className={`${CELL} whitespace-nowrap`}>{formatBytes(file.size)}</td>
          <td className={CELL}>
            <Digest digest={file.digest} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
