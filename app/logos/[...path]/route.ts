import { getCatalog } from "@/lib/catalog/database.server";
import { authenticateRequest } from "@/lib/http/publisher-routes.server";
import { findServableLogo } from "@/lib/publisher/logo.server";

/** GET /logos/<registry path>?v=<revision>: a repository's uploaded logo, re-encoded by the server when uploaded. */
export async function GET(request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const version = new URL(request.url).searchParams.get("v");
  const requester = async () => (await authenticateRequest(request))?.principal ?? null;
  const logo = await findServableLogo(getCatalog(), (await params).path.join("/"), version, requester);
  if (!logo) return new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(logo.bytes, {
    headers: {
      "content-type": logo.mediaType,
      "x-content-type-options": "nosniff",
      // A new upload is a new ?v=, so the linked version never changes; private logos stay out of shared caches.
      "cache-control": !logo.isPublic
        ? "private, no-cache"
        : logo.current
          ? "public, max-age=31536000, immutable"
          : "public, no-cache",
    },
  });
}
