import { openApiDocument } from "@/lib/http/openapi";

// The document only changes with the code: rendered once, at build time.
export const dynamic = "force-static";

/** GET /api/v1/openapi.json: the OpenAPI 3.1 description of the API. */
export function GET(): Response {
  return Response.json(openApiDocument);
}
