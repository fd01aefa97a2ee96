import { notFoundResponse } from "@/lib/http/public-api";
import { getPublicSbomDocument } from "@/lib/catalog/attachments";
import { getCatalog } from "@/lib/catalog/database.server";

type Context = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/attachments/<id>/sbom: an SBOM document attached to an image
 * of a public repository, as the indexer kept it (up to 1 MiB). Private and
 * unknown ones get the same 404.
 */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id < 1) return notFoundResponse();
  const sbom = await getPublicSbomDocument(getCatalog(), id);
  if (!sbom) return notFoundResponse();
  return new Response(sbom.document, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="sbom-${sbom.digest.replace(":", "-").slice(0, 19)}.json"`,
      "x-content-type-options": "nosniff",
    },
  });
}
