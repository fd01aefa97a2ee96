import type { AttachmentCategory, AttachmentSummary } from "../attachments/types";
import type { Catalog } from "./database.server";
import { Prisma } from "./generated/client";
import { PUBLIC } from "./repositories";

/** Reads of the artifacts attached to images (signatures, SBOMs, attestations, reports). */

export interface StoredAttachment {
  id: number;
  subjectDigest: string;
  digest: string;
  mediaType: string;
  artifactType: string | null;
  category: AttachmentCategory;
  summary: AttachmentSummary;
  /** An SBOM's document is kept and can be downloaded. */
  downloadable: boolean;
  created: Date | null;
  pushedAt: Date;
}

function readSummary(text: string): AttachmentSummary {
  try {
    return JSON.parse(text) as AttachmentSummary;
  } catch {
    return { kind: "other" };
  }
}

/** Attachments of these manifests (a tag's own and its platforms') in one repository, oldest first. */
export async function getAttachments(db: Catalog, repositoryId: number, subjects: string[]): Promise<StoredAttachment[]> {
  if (subjects.length === 0) return [];
  const rows = await db.$queryRaw<Array<Omit<StoredAttachment, "summary" | "downloadable" | "category"> & { category: string; summary: string; downloadable: number; created: string | null; pushedAt: string | Date }>>`
    SELECT id, "subjectDigest", digest, "mediaType", "artifactType", category, summary, document IS NOT NULL AS downloadable, created, "pushedAt"
    FROM "Attachment" WHERE "repositoryId" = ${repositoryId} AND "subjectDigest" IN (${Prisma.join(subjects)})
    ORDER BY "pushedAt", digest, part`;
  // The same artifact can be found through two tags (a referrers index and the API): shown once.
  const seen = new Set<string>();
  return rows
    .filter((row) => {
      const key = `${row.subjectDigest} ${row.digest} ${row.summary}`;
      return !seen.has(key) && (seen.add(key), true);
    })
    .map((row) => ({
      ...row,
      category: row.category as AttachmentCategory,
      summary: readSummary(row.summary),
      downloadable: Boolean(row.downloadable),
      created: row.created === null ? null : new Date(row.created),
      pushedAt: new Date(row.pushedAt),
    }));
}

/** What is attached to a tag's manifest and to each of its platforms'. */
export function getTagAttachments(db: Catalog, tag: { repositoryId: number; digest: string; platforms: Array<{ digest: string }> }) {
  return getAttachments(db, tag.repositoryId, [tag.digest, ...tag.platforms.map((platform) => platform.digest)]);
}

/** The marks a repository earns: an image (a tag or one of its platforms) it lists is signed, or has an SBOM. */
export interface AttachmentMarks {
  signed: boolean;
  sbom: boolean;
}

export async function getAttachmentMarks(db: Catalog, repositoryId: number): Promise<AttachmentMarks> {
  const rows = await db.$queryRaw<Array<{ category: string }>>`
    SELECT DISTINCT a.category FROM "Attachment" a
    WHERE a."repositoryId" = ${repositoryId} AND a.category IN ('signature', 'sbom')
      AND (EXISTS (SELECT 1 FROM "Tag" t WHERE t.digest = a."subjectDigest" AND t."repositoryId" = a."repositoryId")
        OR EXISTS (SELECT 1 FROM "Platform" p JOIN "Tag" t ON t.id = p."tagId" WHERE p.digest = a."subjectDigest" AND t."repositoryId" = a."repositoryId"))`;
  const categories = new Set(rows.map((row) => row.category));
  return { signed: categories.has("signature"), sbom: categories.has("sbom") };
}

/** An SBOM document of a public repository, for download; null when there is none or its repository is not public. */
export async function getPublicSbomDocument(db: Catalog, id: number): Promise<{ document: string; digest: string } | null> {
  const [row] = await db.$queryRaw<Array<{ document: string; digest: string }>>`
    SELECT a.document, a.digest FROM "Attachment" a JOIN "Repository" r ON r.id = a."repositoryId"
    WHERE a.id = ${id} AND a.category = 'sbom' AND a.document IS NOT NULL
      AND r.visibility = ${PUBLIC.visibility} AND r."inRegistry" = ${PUBLIC.inRegistry}`;
  return row ?? null;
}
